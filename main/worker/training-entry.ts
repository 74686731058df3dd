import { parentPort } from 'node:worker_threads';
import { FairboundError } from '../../shared/errors.js';
import { JobControl } from '../core/engine/control.js';
import { runTrainingJob } from '../core/engine/job.js';
import type { HostToWorker, Unsequenced, WorkerToHost } from './messages.js';

/**
 * Training worker entry (worker_threads; an Electron utilityProcess can load the same module). Runs one job and
 * reports through messages only: it never prints, and every failure becomes an 'error' message with its reason.
 */
const port = parentPort;
if (!port) throw new Error('training-worker must run as a worker thread');
let seq = 0;
const send = (message: Unsequenced<WorkerToHost>): void => port.postMessage({ ...message, seq: seq++ });
const fail = (error: unknown): void => {
  const payload =
    error instanceof FairboundError
      ? error.toPayload()
      : { code: 'training-failed' as const, message: error instanceof Error ? error.message : String(error), details: error instanceof Error ? { stack: error.stack } : undefined };
  send({ type: 'error', error: payload });
};
process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);

const control = new JobControl();
port.on('message', (message: HostToWorker) => {
  switch (message.type) {
    case 'start':
      runTrainingJob(message.task, message.outDir, (progress) => send({ type: 'progress', progress }), control, message.options).then(
        (results) => send({ type: 'done', results }),
        fail,
      );
      break;
    case 'pause':
      control.pause();
      break;
    case 'resume':
      control.resume();
      break;
    case 'cancel':
      control.cancel();
      break;
  }
});
