import { forkTrainingProcess } from '../../main/worker/node-training-process.js';
import type { LaunchTrainingProcess, TrainingProcess } from '../../main/worker/training-process.js';

export interface LaunchedProcess {
  process: TrainingProcess;
  /** Settles when the host has seen the process end. */
  exited: Promise<{ code: number | null; signal: string | null }>;
}

/** The real child_process transport, remembering each process it starts so that a test can kill it or watch it end. */
export function recordingLaunch(): { launch: LaunchTrainingProcess; launched: LaunchedProcess[] } {
  const launched: LaunchedProcess[] = [];
  const launch: LaunchTrainingProcess = (entry, events) => {
    let reportExit!: (exit: { code: number | null; signal: string | null }) => void;
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => (reportExit = resolve));
    const process = forkTrainingProcess(entry, {
      ...events,
      exit(code, signal) {
        reportExit({ code, signal });
        events.exit(code, signal);
      },
    });
    launched.push({ process, exited });
    return process;
  };
  return { launch, launched };
}

/** Whether a process with this id exists (signal 0 checks without sending anything). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
