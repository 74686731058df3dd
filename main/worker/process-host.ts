import { fileURLToPath } from 'node:url';
import { resultsSchema, type Results } from '../../shared/config/results.js';
import { FairboundError } from '../../shared/errors.js';
import type { EngineHost, TrainingJobHandle, TrainingJobRequest } from '../core/engine/engine-host.js';
import type { JobOptions } from '../core/engine/job.js';
import type { HostToTraining, TrainingToHost, Unsequenced } from './messages.js';
import { forkTrainingProcess } from './node-training-process.js';
import type { LaunchTrainingProcess } from './training-process.js';

export interface ProcessHostOptions {
  /** Starts one training process; default child_process.fork (the Electron shell passes its utilityProcess transport). */
  launch?: LaunchTrainingProcess;
  /** Training entry; default: training-entry beside this module (.ts under tsx/vitest, .js when bundled). */
  entry?: string;
  job?: JobOptions;
  /** After the outcome arrives the process is asked to exit, and killed if it is still there this much later. */
  exitGraceMs?: number;
  /** A cancelled process that has not answered this much later is killed (its native code may be stuck). */
  cancelGraceMs?: number;
}

const DEFAULT_EXIT_GRACE_MS = 5_000;
const DEFAULT_CANCEL_GRACE_MS = 30_000;
/** How much of the end of the process's output the failure keeps: all of it in its details, the last part in its message. */
const OUTPUT_TAIL_CHARS = 4_000;
const MESSAGE_TAIL_CHARS = 500;

function defaultEntry(): string {
  return fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? './training-entry.ts' : './training-entry.js', import.meta.url));
}

/** Why a process ended before it sent the job's outcome, in words a user can act on. */
function endedEarly(code: number | null, signal: string | null, output: string, reason: string | null): FairboundError {
  const how = signal !== null ? `signal ${signal}` : code !== null ? `exit code ${code}` : 'it could not be started';
  const hint = signal === 'SIGKILL' && reason === null ? ' SIGKILL is also what the system sends when it runs out of memory.' : '';
  const tail = output.trim();
  const message =
    `${reason ?? 'The training process stopped unexpectedly before the job finished'} (${how}); the app itself was not affected.${hint}` +
    (tail ? ` Last output: ${tail.slice(-MESSAGE_TAIL_CHARS)}` : '');
  return new FairboundError('training-failed', message, { code, signal, output: tail });
}

/**
 * EngineHost running each job in its own OS process, so a crash there (native GPU code included) fails only that
 * job. The shared protocol lives here; `launch` supplies the process for the environment.
 */
export function createProcessEngineHost(options: ProcessHostOptions = {}): EngineHost {
  const launch = options.launch ?? forkTrainingProcess;
  const entry = options.entry ?? defaultEntry();
  const exitGraceMs = options.exitGraceMs ?? DEFAULT_EXIT_GRACE_MS;
  const cancelGraceMs = options.cancelGraceMs ?? DEFAULT_CANCEL_GRACE_MS;
  /** Every process not yet ended: how to end it, and a promise that settles once it has. */
  const live = new Set<{ kill(reason: string): void; gone: Promise<void> }>();

  return {
    start(request: TrainingJobRequest, onProgress): TrainingJobHandle {
      let seq = 0;
      let settled = false;
      let ended = false;
      let output = '';
      /** Set when the host itself ends the process, so the failure names the reason rather than "unexpectedly". */
      let killReason: string | null = null;
      let killTimer: NodeJS.Timeout | undefined;
      let resolveDone!: (results: Results) => void;
      let rejectDone!: (error: Error) => void;
      const done = new Promise<Results>((resolve, reject) => {
        resolveDone = resolve;
        rejectDone = reject;
      });
      let markEnded!: () => void;
      const gone = new Promise<void>((resolve) => (markEnded = resolve));

      const send = (message: Unsequenced<HostToTraining>): void => {
        if (!ended) child.send({ ...message, seq: seq++ } as HostToTraining);
      };
      const kill = (reason: string): void => {
        killReason = reason;
        child.kill();
      };
      const killAfter = (ms: number, reason: string): void => {
        clearTimeout(killTimer);
        killTimer = setTimeout(() => kill(reason), ms);
      };
      const settle = (outcome: () => void): void => {
        if (settled) return;
        settled = true;
        outcome();
        if (ended) return;
        send({ type: 'exit' });
        killAfter(exitGraceMs, 'The training process was ended: it did not exit after the job finished');
      };

      const child = launch(entry, {
        message(message: TrainingToHost) {
          if (message.type === 'progress') {
            if (!settled) onProgress(message.progress);
          } else if (message.type === 'done') {
            const parsed = resultsSchema.safeParse(message.results);
            settle(() =>
              parsed.success
                ? resolveDone(parsed.data)
                : rejectDone(new FairboundError('internal', `the training process returned invalid results: ${parsed.error.message}`)),
            );
          } else {
            settle(() => rejectDone(new FairboundError(message.error.code, message.error.message, message.error.details)));
          }
        },
        output(text) {
          output = (output + text).slice(-OUTPUT_TAIL_CHARS);
        },
        exit(code, signal) {
          ended = true;
          clearTimeout(killTimer);
          live.delete(tracked);
          markEnded();
          settle(() => rejectDone(endedEarly(code, signal, output, killReason)));
        },
      });
      const tracked = { kill, gone };
      live.add(tracked);
      send({ type: 'start', task: request.task, outDir: request.outDir, options: options.job ?? {} });

      return {
        pause() {
          if (!settled) send({ type: 'pause' });
        },
        resume() {
          if (!settled) send({ type: 'resume' });
        },
        cancel() {
          if (settled) return;
          send({ type: 'cancel' });
          killAfter(cancelGraceMs, `The training process was ended: it did not stop within ${cancelGraceMs / 1000} s of being cancelled`);
        },
        done,
      };
    },

    async dispose() {
      const ending = [...live];
      for (const tracked of ending) tracked.kill('The training process was ended because the engine host is shutting down');
      await Promise.all(ending.map((p) => p.gone));
    },
  };
}
