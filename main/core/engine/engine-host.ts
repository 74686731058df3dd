import type { Results } from '../../../shared/config/results.js';
import type { TrainingProgress } from '../../../shared/config/progress.js';
import type { PreparedTask } from '../data/prepared-task.js';

/** What the training job manager asks of the engine; the app's engine runs each job in its own process. */
export interface TrainingJobRequest {
  task: PreparedTask;
  /** Folder receiving results.json, models/run-<i>/, history/run-<i>.jsonl and predictions/run-<i>/<split>.f32. */
  outDir: string;
}

export interface TrainingJobHandle {
  pause(): void;
  resume(): void;
  cancel(): void;
  /** Resolves with results (also on cancel: the runs finished so far, the cancelled one marked); rejects only on host failure. */
  done: Promise<Results>;
}

export interface EngineHost {
  start(request: TrainingJobRequest, onProgress: (progress: TrainingProgress) => void): TrainingJobHandle;
  dispose(): Promise<void>;
}
