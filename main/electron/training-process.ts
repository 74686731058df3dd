import type { ForkOptions, UtilityProcess } from 'electron';
import type { TrainingToHost } from '../worker/messages.js';
import type { LaunchTrainingProcess } from '../worker/training-process.js';

/** The part of Electron's `utilityProcess` module this adapter uses (tests pass a stand-in). */
export interface UtilityProcessLauncher {
  fork(modulePath: string, args: string[], options: ForkOptions): UtilityProcess;
}

/** Electron transport: each job in a utility process, which talks back through `process.parentPort`. */
export function utilityTrainingProcess(utilityProcess: UtilityProcessLauncher): LaunchTrainingProcess {
  return (entry, events) => {
    const child = utilityProcess.fork(entry, [], { serviceName: 'Fairbound training', stdio: 'pipe' });
    for (const stream of [child.stdout, child.stderr]) stream?.setEncoding('utf8').on('data', events.output);
    child.on('message', (message: TrainingToHost) => events.message(message));
    // Electron reports the exit code only (from waitpid), never the signal's name.
    child.on('exit', (code) => events.exit(code, null));
    child.on('error', (type, location) => events.output(`\n${type} at ${location}\n`));
    return {
      get pid() {
        return child.pid;
      },
      send: (message) => child.postMessage(message),
      kill() {
        // child.kill() sends SIGTERM, which a process stuck in native code may never act on.
        if (child.pid === undefined) {
          child.kill();
          return;
        }
        try {
          process.kill(child.pid, 'SIGKILL');
        } catch {
          // Already gone: its 'exit' is on the way.
        }
      },
    };
  };
}
