import type { Results } from '../../../shared/config/results.js';
import type { TrainingProgress } from '../../../shared/config/progress.js';
import type { PreparedTask } from '../data/prepared-task.js';
import type { BackendSelection } from './backend.js';

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

/** The app's engine host (main/worker/process-host.ts): it also probes the compute backends, in a process of its own. */
export interface ProcessEngineHost extends EngineHost {
  /** The engine's automatic backend selection ('auto') with the reason each faster backend failed. */
  probe(): Promise<BackendSelection>;
}
