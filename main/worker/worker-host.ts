import { Worker } from 'node:worker_threads';
import { resultsSchema, type Results } from '../../shared/config/results.js';
import { FairboundError } from '../../shared/errors.js';
import type { PreparedSplit, PreparedTask } from '../core/data/prepared-task.js';
import type { EngineHost, TrainingJobHandle, TrainingJobRequest } from '../core/engine/engine-host.js';
import type { JobOptions } from '../core/engine/job.js';
import type { HostToWorker, Unsequenced, WorkerToHost } from './messages.js';

export interface WorkerHostOptions {
  /** Move (not copy) the task's typed arrays into the worker: no copy, but the caller's arrays are detached afterwards. */
  transfer?: boolean;
  /** Worker entry; default: training-worker beside this module (.ts under tsx/vitest, .js when built). */
  workerUrl?: URL;
  job?: JobOptions;
}

/**
 * Under tsx / vitest the worker starts from the TypeScript source. Node 20 applies a worker's `--import tsx` only after
 * its entry module has loaded, so that fails with "Unknown file extension .ts"; instead a one-line bootstrap registers
 * tsx's loader inside the worker, then imports the source. Built code runs the .js directly.
 */
function spawn(url: URL): Worker {
  if (!url.pathname.endsWith('.ts')) return new Worker(url, { stdout: true, stderr: true });
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(bootstrap, { eval: true, stdout: true, stderr: true });
}

function defaultEntry(): URL {
  return new URL(import.meta.url.endsWith('.ts') ? './training-worker.ts' : './training-worker.js', import.meta.url);
}

function transferList(task: PreparedTask): ArrayBuffer[] {
  const splits = [task.train, task.validation, task.test].filter((s): s is PreparedSplit => s !== null);
  const buffers = new Set<ArrayBuffer>();
  for (const s of splits) for (const a of [s.features, s.labels, s.groups, s.sourceRows]) buffers.add(a.buffer as ArrayBuffer);
  return [...buffers];
}

/** EngineHost on worker_threads: one worker per job, so a crash (also in native GPU code) fails only that job. */
export function createWorkerEngineHost(options: WorkerHostOptions = {}): EngineHost {
  const live = new Set<Worker>();
  return {
    start(request: TrainingJobRequest, onProgress): TrainingJobHandle {
      const worker = spawn(options.workerUrl ?? defaultEntry());
      live.add(worker);
      let seq = 0;
      let settled = false;
      const post = (m: Unsequenced<HostToWorker>): void => {
        if (!settled) worker.postMessage({ ...m, seq: seq++ } as HostToWorker, m.type === 'start' && options.transfer ? transferList(request.task) : []);
      };
      let stderr = '';
      worker.stderr.on('data', (chunk: Buffer) => {
        stderr = (stderr + chunk.toString()).slice(-4000);
      });
      worker.stdout.resume();
      const done = new Promise<Results>((resolve, reject) => {
        const finish = (fn: () => void): void => {
          if (settled) return;
          settled = true;
          live.delete(worker);
          fn();
          void worker.terminate();
        };
        worker.on('message', (message: WorkerToHost) => {
          if (message.type === 'progress') onProgress(message.progress);
          else if (message.type === 'done') {
            const parsed = resultsSchema.safeParse(message.results);
            finish(() => (parsed.success ? resolve(parsed.data) : reject(new FairboundError('internal', `worker returned invalid results: ${parsed.error.message}`))));
          } else finish(() => reject(new FairboundError(message.error.code, message.error.message, message.error.details)));
        });
        worker.on('error', (error) => finish(() => reject(new FairboundError('training-failed', `training worker crashed: ${error.message}`, { stack: error.stack }))));
        worker.on('exit', (code) =>
          finish(() => reject(new FairboundError('training-failed', `training worker exited with code ${code} before finishing${stderr ? `: ${stderr.trim().slice(-500)}` : ''}`))),
        );
      });
      post({ type: 'start', task: request.task, outDir: request.outDir, options: options.job ?? {} });
      return {
        pause: () => post({ type: 'pause' }),
        resume: () => post({ type: 'resume' }),
        cancel: () => post({ type: 'cancel' }),
        done,
      };
    },
    async dispose() {
      await Promise.all([...live].map((w) => w.terminate()));
      live.clear();
    },
  };
}
