import type { Results } from '../../shared/config/results.js';
import type { TrainingProgress } from '../../shared/config/progress.js';
import type { ErrorPayload } from '../../shared/errors.js';
import type { PreparedTask } from '../core/data/prepared-task.js';
import type { BackendSelection } from '../core/engine/backend.js';
import type { JobOptions } from '../core/engine/job.js';

/**
 * Messages between the engine host and a training process: discriminated unions. A process serves one request, a job
 * ('start') or the backend probe ('probe'), answered by 'done' or 'probed' respectively, or by 'error', over one ordered
 * channel, so messages carry no sequence numbers.
 */
export type HostToTraining =
  | { type: 'start'; task: PreparedTask; outDir: string; options: JobOptions }
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
