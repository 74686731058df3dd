import type { Results } from '../../shared/config/results.js';
import type { TrainingProgress } from '../../shared/config/progress.js';
import type { ErrorPayload } from '../../shared/errors.js';
import type { PreparedTask } from '../core/data/prepared-task.js';
import type { BackendSelection } from '../core/engine/backend.js';
import type { JobOptions } from '../core/engine/job.js';

/**
 * Messages between the engine host and a training process: discriminated unions with sequence numbers.
 * A process serves one request, a job ('start') or the backend probe ('probe'), answered by 'done' or 'probed'
 * respectively, or by 'error'.
 */
export type HostToTraining =
  | { type: 'start'; seq: number; task: PreparedTask; outDir: string; options: JobOptions }
  /** Run the engine's automatic backend selection and report it. */
  | { type: 'probe'; seq: number }
  | { type: 'pause'; seq: number }
  | { type: 'resume'; seq: number }
  | { type: 'cancel'; seq: number }
  /** The host has the outcome: the process should end now. */
  | { type: 'exit'; seq: number };

export type TrainingToHost =
  | { type: 'progress'; seq: number; progress: TrainingProgress }
  | { type: 'done'; seq: number; results: Results }
  | { type: 'probed'; seq: number; selection: BackendSelection }
  | { type: 'error'; seq: number; error: ErrorPayload };

/** A message without its sequence number (distributes over the union, so each variant keeps its fields). */
export type Unsequenced<T> = T extends unknown ? Omit<T, 'seq'> : never;
