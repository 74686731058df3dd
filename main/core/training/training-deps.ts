import type { TaskConfig } from '../../../shared/config/task-config.js';
import type { BackendStatus } from '../../../shared/ipc/channels/training.js';
import type { PreparedTask } from '../data/prepared-task.js';
import { prepareTask } from '../data/prepare.js';
import type { EngineHost, ProcessEngineHost } from '../engine/engine-host.js';
import { probeBackends } from './backend-probe.js';

export interface BackendsReport {
  backends: BackendStatus[];
  /** What 'auto' resolves to here. */
  auto: string;
  notes: string[];
}

/** What the training domain needs from the data and engine domains; tests pass fakes or the in-process runner. */
export interface TrainingDeps {
  engine: EngineHost;
  prepare(config: TaskConfig, signal: AbortSignal): Promise<PreparedTask>;
  probeBackends(): Promise<BackendsReport>;
}

/**
 * The real thing: prepareTask from the data domain and the process engine host the composition root built (one OS
 * process per job and per backend probe).
 */
export function defaultTrainingDeps(engine: ProcessEngineHost): TrainingDeps {
  return {
    engine,
    // The task crosses to the engine's own process, which a streamed task's open DuckDB reader cannot: the app keeps
    // the in-memory task and its memory budget (the CLI streams larger ones).
    prepare: (config, signal) => prepareTask(config, { signal, stream: false }),
    probeBackends: () => probeBackends(engine),
  };
}
