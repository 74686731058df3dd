import { mkdir } from 'node:fs/promises';
import type { Results } from '../../shared/config/results.js';
import type { TaskConfig } from '../../shared/config/task-config.js';
import type { TrainingProgress } from '../../shared/config/progress.js';
import type { PreparedTask } from '../core/data/prepared-task.js';
import type { ProgressReporter } from './progress.js';

export interface TrainOptions {
  signal: AbortSignal;
  progress: ProgressReporter;
  /** Prefix of the progress stage, e.g. "ssl-alm" in a benchmark. */
  stage?: string;
  /** Called once the data is prepared, before training (e.g. to print what the test split can certify). */
  onPrepared?: (task: PreparedTask) => void;
  /** Bytes the prepared task may hold in memory; a larger one is streamed (default: half the physical memory). */
  memoryBudgetBytes?: number;
}

function eta(seconds: number | null): string | undefined {
  if (seconds === null || !Number.isFinite(seconds)) return undefined;
  return seconds >= 90 ? `${Math.round(seconds / 60)} min left` : `${Math.round(seconds)} s left`;
}

/**
 * Prepares the data and trains every run of a config into outDir (results.json, models, histories), with progress on
 * the reporter. An aborted signal cancels the job: the engine still writes the runs finished so far.
 */
export async function trainConfig(config: TaskConfig, outDir: string, options: TrainOptions): Promise<Results> {
  const { signal, progress } = options;
  const prefix = options.stage ? `${options.stage}: ` : '';
  // Loaded on use, so `fairbound --help` and `inspect` do not start DuckDB's preparation code or tfjs.
  const { prepareTask } = await import('../core/data/prepare.js');
  progress.update(0, `${prefix}preparing data`);
  const task = await prepareTask(config, { signal, memoryBudgetBytes: options.memoryBudgetBytes });
  options.onPrepared?.(task);
  // In-process: the CLI has no UI thread to protect, the engine yields to the event loop between chunks (so
  // Ctrl-C and progress get through), and no child process has to load the TypeScript sources again.
  const { runTrainingJob } = await import('../core/engine/job.js');
  const { JobControl } = await import('../core/engine/control.js');
  await mkdir(outDir, { recursive: true });
  const control = new JobControl();
  const cancel = (): void => control.cancel();
  if (signal.aborted) cancel();
  else signal.addEventListener('abort', cancel, { once: true });
  // The engine's live notes (e.g. counted solver subproblem failures) go to the log once each; "done" and "cancelled"
  // are the job's own end states, shown by the summary.
  let lastNote = '';
  try {
    return await runTrainingJob(
      task,
      outDir,
      (p: TrainingProgress) => {
        if (p.message && p.message !== lastNote && p.message !== 'done' && p.message !== 'cancelled')
          progress.log(`${prefix}run ${p.runIndex + 1}: ${(lastNote = p.message)}`);
        const detail = [
          eta(p.etaSeconds),
          p.iterationsPerSecond > 0 ? `${Math.round(p.iterationsPerSecond)} it/s` : undefined,
        ]
          .filter(Boolean)
          .join(', ');
        progress.update(p.fraction, `${prefix}run ${p.runIndex + 1}/${p.runs} ${p.phase}`, detail || undefined);
      },
      control,
    );
  } finally {
    signal.removeEventListener('abort', cancel);
    task.stream?.close();
  }
}
