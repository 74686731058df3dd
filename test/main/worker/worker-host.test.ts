import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrainingProgress } from '../../../shared/config/progress.js';
import { createWorkerEngineHost } from '../../../main/worker/worker-host.js';
import { loadAcsSampleTask } from '../../helpers/acs-sample-task.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'fairbound-worker-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('worker_threads engine host', () => {
  it('trains off-thread from the TypeScript source, streams progress, and writes results', async () => {
    const host = createWorkerEngineHost();
    const task = loadAcsSampleTask({ solver: { name: 'ssl-alm', batchSize: 8, params: {} }, budget: { iterations: 150 }, runs: 2, backend: 'wasm' });
    const updates: TrainingProgress[] = [];
    const job = host.start({ task, outDir: dir }, (p) => updates.push(p));
    const results = await job.done;
    expect(results.runs.map((r) => r.status)).toEqual(['completed', 'completed']);
    expect(results.backend).toBe('wasm');
    expect(updates.at(-1)?.fraction).toBe(1);
    expect((await stat(path.join(dir, 'results.json'))).size).toBeGreaterThan(0);
    // Copy semantics by default: the caller's arrays are still usable.
    expect(task.train.features.length).toBe(task.train.rows * 9);
    await host.dispose();
  });

  it('cancel ends the job early with the cancelled run recorded', async () => {
    const host = createWorkerEngineHost();
    const task = loadAcsSampleTask({ solver: { name: 'sgd', batchSize: 8, params: {} }, budget: { seconds: 60 }, runs: 3, backend: 'wasm' });
    const job = host.start({ task, outDir: path.join(dir, 'cancel') }, (p) => {
      if (p.phase === 'training' && p.points.length) job.cancel();
    });
    const results = await job.done;
    expect(results.runs).toHaveLength(1);
    expect(results.runs[0]!.status).toBe('cancelled');
    expect(results.runs[0]!.seconds).toBeLessThan(60);
    await host.dispose();
  });

  it('a worker that dies fails the job with its reason', async () => {
    const host = createWorkerEngineHost({ workerUrl: new URL('./fixtures/exiting-worker.ts', import.meta.url) });
    const job = host.start({ task: loadAcsSampleTask({}, 200), outDir: path.join(dir, 'crash') }, () => {});
    await expect(job.done).rejects.toThrow(/exited with code 3/);
    await host.dispose();
  });
});
