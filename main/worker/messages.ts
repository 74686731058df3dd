import type { Results } from '../../shared/config/results.js';
import type { TrainingProgress } from '../../shared/config/progress.js';
import type { ErrorPayload } from '../../shared/errors.js';
import type { PreparedTask } from '../core/data/prepared-task.js';
import type { JobOptions } from '../core/engine/job.js';

/** Messages between the engine host and a training process: discriminated unions with sequence numbers (STYLE 14). */
export type HostToTraining =
  | { type: 'start'; seq: number; task: PreparedTask; outDir: string; options: JobOptions }
  | { type: 'pause'; seq: number }
  | { type: 'resume'; seq: number }
  | { type: 'cancel'; seq: number }
  /** The host has the job's outcome: the process should end now. */
  | { type: 'exit'; seq: number };

export type TrainingToHost =
  | { type: 'progress'; seq: number; progress: TrainingProgress }
  | { type: 'done'; seq: number; results: Results }
  | { type: 'error'; seq: number; error: ErrorPayload };

/** A message without its sequence number (distributes over the union, so each variant keeps its fields). */
export type Unsequenced<T> = T extends unknown ? Omit<T, 'seq'> : never;
