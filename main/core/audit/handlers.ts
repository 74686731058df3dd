import path from 'node:path';
import { runLabel } from '../../../shared/run-label.js';
import { deleteReport, listReports, readReport } from './report-files.js';
import { taskConfigSchema, type TaskConfig } from '../../../shared/config/task-config.js';
import { FairboundError } from '../../../shared/errors.js';
import type { AuditableRun, auditChannels } from '../../../shared/ipc/channels/audit.js';
import { SOLVERS } from '../../../shared/solvers.js';
import { prepareTask } from '../data/prepare.js';
import type { PreparedTask } from '../data/prepared-task.js';
import type { HandlersFor } from '../ipc/handler-types.js';
import type { Services } from '../services.js';
import { buildAudit, type BuildAuditOptions } from './build-audit.js';
import { computeAuditOffThread } from './compute-off-thread.js';
import { exportAudit } from './export-audit.js';
import type { PdfPrinter } from './pdf-printer.js';
import { PlaywrightPdfPrinter } from './playwright-printer.js';
import { readResultsFile } from './run-source.js';

export interface AuditDeps {
  /** Re-prepares a run's task; default prepareTask with the project's dataset cache. */
  prepare?: (config: TaskConfig, projectDir: string) => Promise<PreparedTask>;
  /** Prints the report; default headless Chromium (the Electron shell passes its webContents.printToPDF printer). */
  printer?: () => PdfPrinter;
}

type BuildAuditCompute = NonNullable<BuildAuditOptions['compute']>;

function splitRef(ref: string): { jobId: string; runIndex: number } {
  const [jobId, index] = ref.split('/');
  return { jobId: jobId!, runIndex: Number(index) };
}

/** Handlers of the audit channels. */
export function auditHandlers(services: Services, deps: AuditDeps = {}): HandlersFor<typeof auditChannels> {
  const prepare =
    deps.prepare ?? ((config, projectDir) => prepareTask(config, { cacheDir: path.join(projectDir, 'datasets') }));
  const makePrinter = deps.printer ?? (() => new PlaywrightPdfPrinter());
  /** Audits in progress, by "<projectId>/<runRef>", so that audit:cancel can stop them. */
  const running = new Map<string, Set<AbortController>>();

  /**
   * Runs `work` with the bootstrap in its own process (the event loop stays free for every other request), its
   * progress as audit:progress events, and a signal audit:cancel can abort.
   */
  async function offThread<T>(
    projectId: string,
    runRef: string,
    work: (compute: BuildAuditCompute) => Promise<T>,
  ): Promise<T> {
    const key = `${projectId}/${runRef}`;
    const controller = new AbortController();
    const set = running.get(key) ?? new Set();
    running.set(key, set.add(controller));
    const onProgress = (fraction: number) => services.events.emit('audit:progress', { projectId, runRef, fraction });
    try {
      return await work((data, run, options) =>
        computeAuditOffThread(data, run, options, { signal: controller.signal, onProgress }),
      );
    } finally {
      set.delete(controller);
      if (set.size === 0) running.delete(key);
    }
  }

  /** Resolves the run and baseline folders of a project, checking both belong to it. */
  async function locate(projectId: string, runRef: string, baselineRef: string | undefined) {
    const project = await services.projects.get(projectId);
    const projectDir = services.projects.dir(projectId);
    const dirOf = (ref: string) => {
      const { jobId, runIndex } = splitRef(ref);
      if (!project.jobs.some((r) => r.id === jobId)) {
        throw new FairboundError('not-found', `project "${project.name}" has no training job ${jobId}`, {
          runRef: ref,
        });
      }
      return { dir: path.join(projectDir, 'runs', jobId), runIndex };
    };
    const run = dirOf(runRef);
    const baseline = baselineRef ? dirOf(baselineRef) : null;
    const labelOf = (ref: string) => project.jobs.find((r) => r.id === splitRef(ref).jobId)?.label;
    const jobLabel = labelOf(runRef);
    const baselineJobLabel = baselineRef ? labelOf(baselineRef) : undefined;
    return {
      project,
      projectDir,
      options: {
        prepare: (config: TaskConfig) => prepare(config, projectDir),
        ref: runRef,
        ...(jobLabel !== undefined ? { jobLabel } : {}),
        ...(baseline ? { baselineDir: baseline.dir, baselineIndex: baseline.runIndex, baselineRef } : {}),
        ...(baselineJobLabel !== undefined ? { baselineJobLabel } : {}),
      },
      run,
    };
  }

  return {
    async 'audit:runs'({ projectId }) {
      const project = await services.projects.get(projectId);
      const out: AuditableRun[] = [];
      for (const record of [...project.jobs].reverse()) {
        if (record.status !== 'completed') continue;
        const results = await readResultsFile(path.join(services.projects.dir(projectId), 'runs', record.id)).catch(
          () => null,
        );
        if (!results) continue;
        const config = taskConfigSchema.safeParse(results.config);
        results.runs.forEach((run, runIndex) => {
          if (run.status !== 'completed') return;
          out.push({
            ref: `${record.id}/${runIndex}`,
            jobId: record.id,
            runIndex,
            label: runLabel(record.label, run.seed),
            solver: run.solver,
            seed: run.seed,
            constrained: SOLVERS[run.solver].constrained && config.success && config.data.constraints.length > 0,
            createdAt: record.createdAt,
            testAccuracy: run.test.accuracy,
            testMaxViolation: run.test.maxViolation,
          });
        });
      }
      return out;
    },

    async 'audit:compute'({ projectId, runRef, baselineRef, threshold, resamples, references }) {
      const { run, options } = await locate(projectId, runRef, baselineRef);
      return offThread(projectId, runRef, (compute) =>
        buildAudit(run.dir, run.runIndex, {
          ...options,
          compute,
          ...(references ? { references } : {}),
          ...(threshold === undefined ? {} : { threshold }),
          ...(resamples === undefined ? {} : { bootstrap: { resamples } }),
        }),
      );
    },

    async 'audit:cancel'({ projectId, runRef }) {
      const controllers = [...(running.get(`${projectId}/${runRef}`) ?? [])];
      for (const c of controllers) c.abort();
      return { cancelled: controllers.length > 0 };
    },

    async 'audit:context'({ projectId }) {
      return (await services.projects.get(projectId)).reportContext ?? {};
    },

    async 'audit:reports'({ projectId }) {
      await services.projects.get(projectId);
      return listReports(services.projects.dir(projectId));
    },

    async 'audit:report-file'({ projectId, name }) {
      await services.projects.get(projectId);
      return readReport(services.projects.dir(projectId), name);
    },

    async 'audit:delete-report'({ projectId, name }) {
      await services.projects.get(projectId);
      await deleteReport(services.projects.dir(projectId), name);
      return { name };
    },

    async 'audit:save-threshold'({ projectId, threshold }) {
      const saved = await services.projects.update(projectId, (p) => {
        p.auditThreshold = threshold;
      });
      return { threshold: saved.auditThreshold ?? threshold };
    },

    async 'audit:save-context'({ projectId, context }) {
      // Blank fields are left out: a missing field prints as the placeholder that asks for it.
      const filled = Object.fromEntries(
        Object.entries(context).filter(([, value]) => value !== undefined && value.trim() !== ''),
      );
      const saved = await services.projects.update(projectId, (p) => {
        p.reportContext = filled;
      });
      return saved.reportContext ?? {};
    },

    async 'audit:export'({ projectId, runRef, baselineRef, threshold, resamples, references, context: given }) {
      const { project, run, options, projectDir } = await locate(projectId, runRef, baselineRef);
      const context = given ?? project.reportContext;
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      const { jobId, runIndex } = splitRef(runRef);
      const printer = makePrinter();
      try {
        return await offThread(projectId, runRef, (compute) =>
          exportAudit(run.dir, run.runIndex, {
            ...options,
            compute,
            pdfPath: path.join(projectDir, 'reports', `audit-${jobId}-run${runIndex}-${stamp}.pdf`),
            printer,
            ...(references ? { references } : {}),
            ...(context ? { context } : {}),
            ...(threshold === undefined ? {} : { threshold }),
            ...(resamples === undefined ? {} : { bootstrap: { resamples } }),
          }),
        );
      } finally {
        await printer.close();
      }
    },
  };
}
