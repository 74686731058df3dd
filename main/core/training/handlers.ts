import path from 'node:path';
import { taskConfigSchema } from '../../../shared/config/task-config.js';
import { FairboundError } from '../../../shared/errors.js';
import type { trainingChannels } from '../../../shared/ipc/channels/training.js';
import { SOLVERS } from '../../../shared/solvers.js';
import type { HandlersFor } from '../ipc/handler-types.js';
import { preTrainingCheck } from '../metrics/certifiability.js';
import type { Services } from '../services.js';
import { effectivePreferences } from '../settings/preferences.js';
import { readResults } from './history-store.js';
import { JobManager } from './job-manager.js';
import { gapsFromSplit } from './reference-gaps.js';
import { dataIssues, settingsFromDraft } from './train-settings.js';
import { expandSweep } from './sweep.js';
import { draftWithSettings, jobLabel, taskConfigFromProject } from './task-from-project.js';
import type { TrainingDeps } from './training-deps.js';

export interface TrainingDomain {
  handlers: HandlersFor<typeof trainingChannels>;
  manager: JobManager;
  /** Settles once interrupted jobs of a previous process have been marked; every handler waits for it. */
  ready: Promise<void>;
}

/** The training domain: one JobManager for the process, and the handlers of the training channels. */
export function createTrainingDomain(services: Services, deps: TrainingDeps): TrainingDomain {
  const manager = new JobManager({
    projects: services.projects,
    events: services.events,
    engine: deps.engine,
    prepare: deps.prepare,
    concurrency: effectivePreferences(services.settings.get()).jobsAtOnce,
    log: (message) => services.log.log('warn', message),
  });
  // "Jobs run at once" applies to the queue as soon as it is saved; running jobs carry on.
  services.settings.onChange((settings) => manager.setConcurrency(effectivePreferences(settings).jobsAtOnce));
  const ready = manager.recover().then(
    (fixed) => {
      if (fixed > 0) services.log.log('info', `training: marked ${fixed} interrupted job(s)`);
    },
    (error: unknown) => services.log.log('error', 'training: recovery of interrupted jobs failed', { error }),
  );
  let backends: ReturnType<TrainingDeps['probeBackends']> | null = null;

  const handlers: HandlersFor<typeof trainingChannels> = {
    async 'training:setup'({ projectId }) {
      await ready;
      const project = await services.projects.get(projectId);
      const settings = settingsFromDraft(project.task);
      // The reference is the newest finished unconstrained job: the gaps a model has when nobody asks for fairness.
      const reference = [...project.jobs]
        .reverse()
        .filter((r) => r.status === 'completed')
        .map((r) => ({ record: r, config: taskConfigSchema.safeParse(r.config).data }))
        .find(({ config }) => config !== undefined && !SOLVERS[config.solver.name].constrained);
      let gaps = null;
      if (reference?.config) {
        const { record, config } = reference;
        const results = await readResults(path.join(services.projects.dir(projectId), 'runs', record.id)).catch(
          () => null,
        );
        const run = results?.runs.find((r) => r.status === 'completed');
        const minSize = config.groups.minSize;
        if (run) gaps = { jobId: record.id, label: record.label, gaps: gapsFromSplit(run.test, run.train, minSize) };
      }
      return {
        settings,
        dataIssues: dataIssues(draftWithSettings(project, services.projects.dir(projectId), settings)),
        reference: gaps,
        modelRun: project.modelRun,
      };
    },

    async 'training:certifiability'({ projectId, settings }) {
      await ready;
      const project = await services.projects.get(projectId);
      const config = taskConfigFromProject(project, services.projects.dir(projectId), settings);
      return preTrainingCheck(await deps.prepare(config, new AbortController().signal));
    },

    async 'training:save-settings'({ projectId, settings }) {
      await ready;
      await services.projects.update(projectId, (p) => {
        p.task = { ...(p.task ?? {}), ...settings };
      });
      return { settings };
    },

    async 'training:backends'() {
      // Probed once per app run (a process loading tfjs and a GPU driver takes a while); a failed probe is retried next time.
      backends ??= deps.probeBackends().catch((error: unknown) => {
        backends = null;
        throw new FairboundError(
          'backend-unavailable',
          `Backend probe failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      });
      return backends;
    },

    async 'training:start'({ projectId, sweep }) {
      await ready;
      const project = await services.projects.get(projectId);
      const dir = services.projects.dir(projectId);
      const variants = expandSweep(settingsFromDraft(project.task), sweep);
      // Every variant is validated before any is queued, so a bad sweep queues nothing.
      const inputs = variants.map((settings) => {
        const config = taskConfigFromProject(project, dir, settings);
        return { label: jobLabel(config), config };
      });
      return { jobIds: await manager.enqueue(projectId, inputs) };
    },

    async 'training:cancel'({ projectId, jobId }) {
      await ready;
      await manager.cancel(projectId, jobId);
      return {};
    },

    async 'training:pause'({ projectId, jobId }) {
      await ready;
      await manager.pause(projectId, jobId);
      return {};
    },

    async 'training:resume'({ projectId, jobId }) {
      await ready;
      await manager.resume(projectId, jobId);
      return {};
    },

    async 'training:list'({ projectId }) {
      await ready;
      return { jobs: await manager.list(projectId) };
    },

    async 'training:history'({ projectId, jobId, maxPoints }) {
      await ready;
      return manager.history(projectId, jobId, maxPoints);
    },

    async 'training:set-model'({ projectId, run }) {
      await ready;
      return { modelRun: await manager.setModel(projectId, run) };
    },
  };
  return { handlers, manager, ready };
}
