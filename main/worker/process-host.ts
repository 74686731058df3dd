import { fileURLToPath } from 'node:url';
import { resultsSchema, type Results } from '../../shared/config/results.js';
import { FairboundError, type ErrorPayload } from '../../shared/errors.js';
import type { BackendSelection } from '../core/engine/backend.js';
import type { ProcessEngineHost, TrainingJobHandle, TrainingJobRequest } from '../core/engine/engine-host.js';
import type { JobOptions } from '../core/engine/job.js';
import type { HostToTraining, TrainingToHost } from './messages.js';
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
  /** A backend probe that has not reported this much later is killed (a GPU driver may hang while initialising). */
  probeTimeoutMs?: number;
}

const DEFAULT_EXIT_GRACE_MS = 5_000;
const DEFAULT_CANCEL_GRACE_MS = 30_000;
const DEFAULT_PROBE_TIMEOUT_MS = 60_000;
/** How much of the end of the process's output the failure keeps: all of it in its details, the last part in its message. */
const OUTPUT_TAIL_CHARS = 4_000;
const MESSAGE_TAIL_CHARS = 500;

function defaultEntry(): string {
  return fileURLToPath(
    new URL(import.meta.url.endsWith('.ts') ? './training-entry.ts' : './training-entry.js', import.meta.url),
  );
}

/** What a process is there for, in the words its failures use. */
interface Errand {
  name: string;
  /** What the process had not done when it ended early. */
  outcome: string;
  /** The code of the failure when it ends early. */
  code: ErrorPayload['code'];
}
const JOB: Errand = { name: 'training process', outcome: 'the job finished', code: 'training-failed' };
const PROBE: Errand = { name: 'backend probe process', outcome: 'the probe finished', code: 'backend-unavailable' };

/** Why a process ended before it sent its outcome, in words a user can act on. */
function endedEarly(
  errand: Errand,
  code: number | null,
  signal: string | null,
  output: string,
  reason: string | null,
): FairboundError {
  const how = signal !== null ? `signal ${signal}` : code !== null ? `exit code ${code}` : 'it could not be started';
  const hint =
    signal === 'SIGKILL' && reason === null ? ' SIGKILL is also what the system sends when it runs out of memory.' : '';
  const tail = output.trim();
  const message =
    `${reason ?? `The ${errand.name} stopped unexpectedly before ${errand.outcome}`} (${how}); the app itself was not affected.${hint}` +
    (tail ? ` Last output: ${tail.slice(-MESSAGE_TAIL_CHARS)}` : '');
  return new FairboundError(errand.code, message, { code, signal, output: tail });
}

const reported = (error: ErrorPayload): FairboundError => new FairboundError(error.code, error.message, error.details);

/** Settles a request's outcome; only the first call counts. */
interface Outcome<T> {
  resolve(value: T): void;
  reject(error: Error): void;
}

/** One process serving one request, as the request sees it. */
interface ProcessRun<T> {
  send(message: HostToTraining): void;
  /** Whether the outcome is known (it arrived, or the process ended without it). */
  readonly settled: boolean;
  /** Kills the process after `ms` unless it ends first (a later call replaces the deadline); the failure names `reason`. */
  killAfter(ms: number, reason: string): void;
  done: Promise<T>;
}

/**
 * EngineHost running each job, and each backend probe, in its own OS process, so a crash there (native GPU code
 * included) fails only that job or probe. The shared protocol lives here; `launch` supplies the process for the
 * environment.
 */
export function createProcessEngineHost(options: ProcessHostOptions = {}): ProcessEngineHost {
  const launch = options.launch ?? forkTrainingProcess;
  const entry = options.entry ?? defaultEntry();
  const exitGraceMs = options.exitGraceMs ?? DEFAULT_EXIT_GRACE_MS;
  const cancelGraceMs = options.cancelGraceMs ?? DEFAULT_CANCEL_GRACE_MS;
  const probeTimeoutMs = options.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  /** Every process not yet ended: how to end it, and a promise that settles once it has. */
  const live = new Set<{ kill(): void; gone: Promise<void> }>();

  /**
   * Starts a process for one request and owns its life: `receive` sees its messages until the outcome is settled;
   * then the process is asked to exit and killed if it lingers. One that ends first fails the outcome with the reason.
   */
  function run<T>(errand: Errand, receive: (message: TrainingToHost, outcome: Outcome<T>) => void): ProcessRun<T> {
    let settled = false;
    let ended = false;
    let output = '';
    /** Set when the host itself ends the process, so the failure names the reason rather than "unexpectedly". */
    let killReason: string | null = null;
    let killTimer: NodeJS.Timeout | undefined;
    let resolveDone!: (value: T) => void;
    let rejectDone!: (error: Error) => void;
    const done = new Promise<T>((resolve, reject) => {
      resolveDone = resolve;
      rejectDone = reject;
    });
    let markEnded!: () => void;
    const gone = new Promise<void>((resolve) => (markEnded = resolve));

    const send = (message: HostToTraining): void => {
      if (!ended) child.send(message);
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
      killAfter(exitGraceMs, `The ${errand.name} was ended: it did not exit after ${errand.outcome}`);
    };
    const outcome: Outcome<T> = {
      resolve: (value) => settle(() => resolveDone(value)),
      reject: (error) => settle(() => rejectDone(error)),
    };

    const child = launch(entry, {
      message(message: TrainingToHost) {
        if (!settled) receive(message, outcome);
      },
      output(text) {
        output = (output + text).slice(-OUTPUT_TAIL_CHARS);
      },
      exit(code, signal) {
        ended = true;
        clearTimeout(killTimer);
        live.delete(tracked);
        markEnded();
        outcome.reject(endedEarly(errand, code, signal, output, killReason));
      },
    });
    const tracked = { kill: () => kill(`The ${errand.name} was ended because the engine host is shutting down`), gone };
    live.add(tracked);
    return {
      send,
      get settled() {
        return settled;
      },
      killAfter,
      done,
    };
  }

  return {
    start(request: TrainingJobRequest, onProgress): TrainingJobHandle {
      const job = run<Results>(JOB, (message, outcome) => {
        if (message.type === 'progress') onProgress(message.progress);
        else if (message.type === 'error') outcome.reject(reported(message.error));
        else if (message.type === 'done') {
          const parsed = resultsSchema.safeParse(message.results);
          if (parsed.success) outcome.resolve(parsed.data);
          else
            outcome.reject(
              new FairboundError('internal', `the training process returned invalid results: ${parsed.error.message}`),
            );
        }
      });
      const { stream, ...task } = request.task;
      job.send({
        type: 'start',
        task,
        ...(stream ? { stream: stream.source } : {}),
        outDir: request.outDir,
        options: options.job ?? {},
      });

      return {
        pause() {
          if (!job.settled) job.send({ type: 'pause' });
        },
        resume() {
          if (!job.settled) job.send({ type: 'resume' });
        },
        cancel() {
          if (job.settled) return;
          job.send({ type: 'cancel' });
          job.killAfter(
            cancelGraceMs,
            `The training process was ended: it did not stop within ${cancelGraceMs / 1000} s of being cancelled`,
          );
        },
        done: job.done,
      };
    },

    probe() {
      const probe = run<BackendSelection>(PROBE, (message, outcome) => {
        if (message.type === 'probed') outcome.resolve(message.selection);
        else if (message.type === 'error') outcome.reject(reported(message.error));
      });
      probe.send({ type: 'probe' });
      probe.killAfter(
        probeTimeoutMs,
        `The backend probe process was ended: it did not finish within ${probeTimeoutMs / 1000} s`,
      );
      return probe.done;
    },

    async dispose() {
      const ending = [...live];
      for (const tracked of ending) tracked.kill();
      await Promise.all(ending.map((p) => p.gone));
    },
  };
}
