import type { Results } from '../../shared/config/results.js';
import type { TrainingProgress } from '../../shared/config/progress.js';
import type { ErrorPayload } from '../../shared/errors.js';
import type { PreparedTask } from '../core/data/prepared-task.js';
import type { StreamedSource } from '../core/data/streamed-features.js';
import type { BackendSelection } from '../core/engine/backend.js';
import type { JobOptions } from '../core/engine/job.js';

/**
 * Messages between the engine host and a training process: discriminated unions. A process serves one request, a job
 * ('start') or the backend probe ('probe'), answered by 'done' or 'probed' respectively, or by 'error', over one ordered
 * channel, so messages carry no sequence numbers.
 */
export type HostToTraining =
  /**
   * A streamed task travels without its reader (a DuckDB connection cannot be cloned): `stream` says what to read, and
   * the training process opens its own connection to the cached Parquet.
   */
  | { type: 'start'; task: Omit<PreparedTask, 'stream'>; stream?: StreamedSource; outDir: string; options: JobOptions }
  /** Run the engine's automatic backend selection and report it. */
  | { type: 'probe' }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'cancel' }
  /** The host has the outcome: the process should end now. */
  | { type: 'exit' };

export type TrainingToHost =
  | { type: 'progress'; progress: TrainingProgress }
  | { type: 'done'; results: Results }
  | { type: 'probed'; selection: BackendSelection }
  | { type: 'error'; error: ErrorPayload };
