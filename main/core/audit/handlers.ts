import path from 'node:path';
import { runLabel } from '../../../shared/run-label.js';
import { deleteReport, listReports, readReport } from './report-files.js';
import { taskConfigSchema, type TaskConfig } from '../../../shared/config/task-config.js';
import { FairboundError } from '../../../shared/errors.js';
import type { AuditableRun, AuditTask, auditChannels } from '../../../shared/ipc/channels/audit.js';
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
type AuditProgress = (stage: 'bootstrap' | 'printing', fraction: number) => void;

function splitRef(ref: string): { jobId: string; runIndex: number } {
  const [jobId, index] = ref.split('/');
  return { jobId: jobId!, runIndex: Number(index) };
}

/** Handlers of the audit channels. */
export function auditHandlers(services: Services, deps: AuditDeps = {}): HandlersFor<typeof auditChannels> {
  const prepare =
    deps.prepare ?? ((config, projectDir) => prepareTask(config, { cacheDir: path.join(projectDir, 'datasets') }));
  const makePrinter = deps.printer ?? (() => new PlaywrightPdfPrinter());
  /** Audit tasks in progress, by "<projectId>/<runRef>", so that audit:cancel can stop them. */
  const running = new Map<string, Set<{ task: AuditTask; controller: AbortController }>>();

  /**
   * Runs `work` with the bootstrap in its own process (the event loop stays free for every other request), its
   * progress as audit:progress events, and a signal audit:cancel can abort. `bootstraps` is how many runs are
   * bootstrapped one after the other (2 with a baseline), so the fraction covers them all.
   */
  async function offThread<T>(
    where: { projectId: string; runRef: string; task: AuditTask; bootstraps: number },
    work: (compute: BuildAuditCompute, signal: AbortSignal, progress: AuditProgress) => Promise<T>,
  ): Promise<T> {
    const { projectId, runRef, task, bootstraps } = where;
    const key = `${projectId}/${runRef}`;
    const entry = { task, controller: new AbortController() };
    const set = running.get(key) ?? new Set();
    running.set(key, set.add(entry));
    const progress: AuditProgress = (stage, fraction) =>
      services.events.emit('audit:progress', { projectId, runRef, task, stage, fraction });
    let done = 0;
    try {
      return await work(
        async (data, run, options) => {
          const part = done;
          const result = await computeAuditOffThread(data, run, options, {
            signal: entry.controller.signal,
            onProgress: (fraction) => progress('bootstrap', Math.min(1, (part + fraction) / bootstraps)),
          });
          done++;
          return result;
        },
        entry.controller.signal,
        progress,
      );
    } finally {
      set.delete(entry);
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
      const where = { projectId, runRef, task: 'compute' as const, bootstraps: baselineRef ? 2 : 1 };
      return offThread(where, (compute) =>
        buildAudit(run.dir, run.runIndex, {
          ...options,
          compute,
          ...(references ? { references } : {}),
          ...(threshold === undefined ? {} : { threshold }),
          ...(resamples === undefined ? {} : { bootstrap: { resamples } }),
        }),
      );
    },

    async 'audit:cancel'({ projectId, runRef, task }) {
      const matching = [...(running.get(`${projectId}/${runRef}`) ?? [])].filter((e) => !task || e.task === task);
      for (const e of matching) e.controller.abort();
      return { cancelled: matching.length > 0 };
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
      const where = { projectId, runRef, task: 'export' as const, bootstraps: baselineRef ? 2 : 1 };
      try {
        return await offThread(where, (compute, signal, progress) =>
          exportAudit(run.dir, run.runIndex, {
            ...options,
            compute,
            signal,
            pdfPath: path.join(projectDir, 'reports', `audit-${jobId}-run${runIndex}-${stamp}.pdf`),
            // Chromium reports no progress of its own: the tab shows the printing stage as such.
            printer: {
              print: (html, o) => {
                progress('printing', 1);
                return printer.print(html, o);
              },
              close: () => printer.close(),
            },
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
