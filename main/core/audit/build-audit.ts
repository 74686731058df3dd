import type { AuditResult, RunInfo } from '../../../shared/audit.js';
import type { BootstrapOptions } from './bootstrap.js';
import { prepareTask } from '../data/prepare.js';
import { computeAudit, DEFAULT_BOOTSTRAP, type AuditData, type AuditOptions } from './compute-audit.js';
import { loadRun, type LoadedRun, type PrepareTask } from './run-source.js';

export interface BuildAuditOptions {
  /** Re-creates split, labels and group ids from the run's config; default the data step's prepareTask. */
  prepare?: PrepareTask;
  baselineDir?: string;
  baselineIndex?: number;
  /** Decision threshold; default the run's own (results.json runs[i].threshold). */
  threshold?: number;
  bootstrap?: Partial<BootstrapOptions>;
  references?: Record<string, string>;
  /** Display refs ("<jobId>/<runIndex>") for the run and the baseline. */
  ref?: string;
  baselineRef?: string;
  /** Names of the run's and the baseline's jobs (the project's job labels), shown with the seed instead of ids. */
  jobLabel?: string;
  baselineJobLabel?: string;
  /** Runs the audit on the loaded arrays; default computeAudit here (the host passes computeAuditOffThread). */
  compute?: (data: AuditData, run: RunInfo, options: AuditOptions) => Promise<AuditResult>;
}

/** The audit plus the loaded runs it came from (the report needs configs, history and hashes). */
export interface AuditBundle {
  audit: AuditResult;
  main: LoadedRun;
  baseline: LoadedRun | null;
}

export async function buildAuditBundle(
  runDir: string,
  runIndex: number,
  options: BuildAuditOptions = {},
): Promise<AuditBundle> {
  const prepare = options.prepare ?? ((config) => prepareTask(config));
  const main = await loadRun(runDir, runIndex, prepare, options.ref, options.jobLabel);
  const threshold = options.threshold ?? main.run.threshold;
  const bootstrap = { ...DEFAULT_BOOTSTRAP, ...options.bootstrap };
  const compute = options.compute ?? ((data, run, o) => Promise.resolve(computeAudit(data, run, o)));
  const audit = await compute(main.data, main.info, { threshold, bootstrap, references: options.references });
  let baseline: LoadedRun | null = null;
  if (options.baselineDir !== undefined) {
    baseline = await loadRun(
      options.baselineDir,
      options.baselineIndex ?? 0,
      prepare,
      options.baselineRef,
      options.baselineJobLabel,
    );
    // The baseline is judged against the constrained run's constraints: that is the cost/benefit being compared.
    const b = await compute({ ...baseline.data, constraints: main.data.constraints }, baseline.info, {
      threshold,
      bootstrap,
      references: options.references,
    });
    audit.baseline = {
      run: b.run,
      test: { overall: b.splits.test.overall, summary: b.splits.test.summary },
      certificate: b.certificate,
    };
  }
  return { audit, main, baseline };
}

/** Audit of run `runIndex` of a job folder (results.json + predictions + config), optionally against a baseline run. */
export async function buildAudit(
  runDir: string,
  runIndex: number,
  options: BuildAuditOptions = {},
): Promise<AuditResult> {
  return (await buildAuditBundle(runDir, runIndex, options)).audit;
}
