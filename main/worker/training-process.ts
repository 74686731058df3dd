import type { HostToTraining, TrainingToHost } from './messages.js';

/**
 * One OS process running the training entry, as the engine host sees it. Each environment brings its own transport:
 * child_process.fork in plain Node (main/worker/node-training-process.ts), Electron's utilityProcess in the shell
 * (main/electron/training-process.ts).
 */
export interface TrainingProcess {
  /** The OS process id; undefined while it is starting or when it could not start. */
  readonly pid: number | undefined;
  send(message: HostToTraining): void;
  /** Ends the process at once, without waiting for it to finish its work. */
  kill(): void;
}

export interface TrainingProcessEvents {
  message(message: TrainingToHost): void;
  /** Text the process wrote to stdout or stderr (native libraries may print there before they crash). */
  output(text: string): void;
  /** Reported exactly once, when the process has ended: its exit code, or the signal that ended it (the other is null). */
  exit(code: number | null, signal: string | null): void;
}

/** Starts the training entry (an absolute path: the .ts source under tsx/vitest, the bundled .js otherwise). */
export type LaunchTrainingProcess = (entry: string, events: TrainingProcessEvents) => TrainingProcess;
