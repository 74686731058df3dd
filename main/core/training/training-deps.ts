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
    // A task over the memory budget is streamed: the engine's process reads its feature blocks itself (process-host).
    prepare: (config, signal) => prepareTask(config, { signal }),
    probeBackends: () => probeBackends(engine),
  };
}
