import type { Results } from '../../shared/config/results.js';
import { FairboundError } from '../../shared/errors.js';
import type { PreparedTask } from '../core/data/prepared-task.js';
import { StreamedFeatures } from '../core/data/streamed-features.js';
import { selectBackend } from '../core/engine/backend.js';
import { JobControl } from '../core/engine/control.js';
import { runTrainingJob } from '../core/engine/job.js';
import type { HostToTraining, TrainingToHost } from './messages.js';

/**
 * Training process entry: one OS process per job or backend probe, started by main/worker/process-host.ts through
 * child_process.fork (plain Node) or Electron's utilityProcess.fork, so a crash here, native GPU code included, ends
 * only this job or probe.
 * It reports through messages only: it never prints, and every failure becomes an 'error' message with its reason.
 */
interface HostChannel {
  post(message: TrainingToHost): void;
  onMessage(listener: (message: HostToTraining) => void): void;
}

/** Electron gives a utility process `process.parentPort` (messages arrive as `{ data }`); a forked Node child has `process.send`. */
interface ParentPortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

function connectToHost(): HostChannel {
  const { parentPort } = process as unknown as { parentPort?: ParentPortLike };
  if (parentPort) {
    return {
      post: (message) => parentPort.postMessage(message),
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data as HostToTraining)),
    };
  }
  const send = process.send?.bind(process);
  if (!send)
    throw new Error('training-entry must be started by the engine host (child_process.fork or utilityProcess.fork)');
  // The host is gone (it crashed or was killed): nobody can use the results, and the process must not outlive it.
  process.on('disconnect', () => process.exit(1));
  return {
    post: (message) => send(message),
    onMessage: (listener) => process.on('message', (message) => listener(message as HostToTraining)),
  };
}

const host = connectToHost();
const send = (message: TrainingToHost): void => host.post(message);
const fail = (error: unknown): void => {
  const payload =
    error instanceof FairboundError
      ? error.toPayload()
      : {
          code: 'training-failed' as const,
          message: error instanceof Error ? error.message : String(error),
          details: error instanceof Error ? { stack: error.stack } : undefined,
        };
  send({ type: 'error', error: payload });
};
process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);

const control = new JobControl();

/** Runs the job; a streamed task reads its feature blocks through a connection of this process, closed at the end. */
async function startJob(message: Extract<HostToTraining, { type: 'start' }>): Promise<Results> {
  const stream = message.stream ? await StreamedFeatures.open(message.stream) : undefined;
  const task: PreparedTask = stream ? { ...message.task, stream } : message.task;
  try {
    return await runTrainingJob(
      task,
      message.outDir,
      (progress) => send({ type: 'progress', progress }),
      control,
      message.options,
    );
  } finally {
    stream?.close();
  }
}
host.onMessage((message) => {
  switch (message.type) {
    case 'start':
      startJob(message).then((results) => send({ type: 'done', results }), fail);
      break;
    case 'probe':
      selectBackend('auto').then((selection) => send({ type: 'probed', selection }), fail);
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
    case 'exit':
      process.exit(0);
  }
});
