import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrainingProgress } from '../../../shared/config/progress.js';
import type { TaskConfigInput } from '../../../shared/config/task-config.js';
import type { EngineHost } from '../../../main/core/engine/engine-host.js';
import { createProcessEngineHost, type ProcessHostOptions } from '../../../main/worker/process-host.js';
import { prepareTask } from '../../../main/core/data/prepare.js';
import { loadAcsSampleTask } from '../../helpers/acs-sample-task.js';
import { streamedFixture } from '../../helpers/streamed-fixture.js';
import { isAlive, recordingLaunch } from '../../helpers/training-processes.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'fairbound-process-host-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
/** SGD on the sample with a budget no test waits out: each test ends the job itself. */
const longJob: Partial<TaskConfigInput> = {
  solver: { name: 'sgd', batchSize: 8, params: {} },
  budget: { seconds: 60 },
  runs: 1,
  backend: 'wasm',
};
const shortJob: Partial<TaskConfigInput> = {
  solver: { name: 'sgd', batchSize: 8, params: {} },
  budget: { iterations: 20 },
  runs: 1,
  backend: 'wasm',
};

function host(options: ProcessHostOptions = {}): {
  host: EngineHost;
  launched: ReturnType<typeof recordingLaunch>['launched'];
} {
  const { launch, launched } = recordingLaunch();
  return { host: createProcessEngineHost({ launch, ...options }), launched };
}

/** Starts a job and lets the test wait for the first progress update that matches. */
function start(engine: EngineHost, config: Partial<TaskConfigInput>, outDir: string) {
  const updates: TrainingProgress[] = [];
  const waiters: Array<() => void> = [];
  const job = engine.start({ task: loadAcsSampleTask(config), outDir: path.join(dir, outDir) }, (p) => {
    updates.push(p);
    for (const wake of waiters.splice(0)) wake();
  });
  const until = async (match: (p: TrainingProgress) => boolean): Promise<TrainingProgress> => {
    for (;;) {
      const found = updates.find(match);
      if (found) return found;
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  return { job, updates, until };
}
const training = (p: TrainingProgress): boolean => p.phase === 'training' && p.points.length > 0;

describe('process engine host (one OS process per job)', () => {
  it('trains in a child process from the TypeScript source, streams progress, writes results, then the process exits by itself', async () => {
    const { host: engine, launched } = host();
    const task = loadAcsSampleTask({
      solver: { name: 'ssl-alm', batchSize: 8, params: {} },
      budget: { iterations: 150 },
      runs: 2,
      backend: 'wasm',
    });
    const updates: TrainingProgress[] = [];
    const results = await engine.start({ task, outDir: dir }, (p) => updates.push(p)).done;
    expect(results.runs.map((r) => r.status)).toEqual(['completed', 'completed']);
    expect(results.backend).toBe('wasm');
    expect(updates.at(-1)?.fraction).toBe(1);
    expect((await stat(path.join(dir, 'results.json'))).size).toBeGreaterThan(0);
    // A separate process: its pid is not ours, and it leaves on the host's request (exit code 0, not killed).
    const [child] = launched;
    expect(child!.process.pid).not.toBe(process.pid);
    expect(await child!.exited).toEqual({ code: 0, signal: null });
    expect(isAlive(child!.process.pid!)).toBe(false);
    await engine.dispose();
  });

  it('a streamed task trains in its process through a reader of its own; the host keeps its reader', async () => {
    const fixture = await streamedFixture();
    const task = await prepareTask(fixture.config({ budget: { iterations: 40 } }), {
      cacheDir: fixture.cacheDir,
      stream: true,
    });
    try {
      expect(task.train.features).toBeNull();
      const { host: engine, launched } = host();
      const results = await engine.start({ task, outDir: path.join(dir, 'streamed') }, () => {}).done;
      expect(results.runs.map((r) => r.status)).toEqual(['completed']);
      expect(results.runs[0]!.test.n).toBe(task.test.rows);
      expect(await launched[0]!.exited).toEqual({ code: 0, signal: null });
      // The host's own reader was not sent (a connection cannot be cloned) and still reads.
      expect((await task.stream!.read(task.test, 0, 5)).length).toBe(5 * task.stream!.width);
      await engine.dispose();
    } finally {
      task.stream?.close();
      await fixture.remove();
    }
  });

  it('pauses and resumes the job in its process, and cancel still resolves with the cancelled run recorded', async () => {
    const { host: engine } = host();
    const { job, updates, until } = start(engine, longJob, 'pause');
    await until(training);
    job.pause();
    const paused = await until((p) => p.phase === 'paused');
    const pausedAt = updates.indexOf(paused);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(updates.slice(pausedAt + 1)).toEqual([]);
    job.resume();
    await until((p) => updates.indexOf(p) > pausedAt && training(p));
    job.cancel();
    const results = await job.done;
    expect(results.runs).toHaveLength(1);
    expect(results.runs[0]!.status).toBe('cancelled');
    expect(results.runs[0]!.seconds).toBeLessThan(60);
    await engine.dispose();
  });

  it('a training process killed with SIGKILL fails only its job, with a clear reason; the next job in the same host completes', async () => {
    const { host: engine, launched } = host();
    const first = start(engine, longJob, 'killed');
    await first.until(training);
    const pid = launched[0]!.process.pid!;
    process.kill(pid, 'SIGKILL');
    await expect(first.job.done).rejects.toThrow(
      /The training process stopped unexpectedly before the job finished \(signal SIGKILL\); the app itself was not affected/,
    );
    expect(isAlive(pid)).toBe(false);

    const second = await start(engine, shortJob, 'after-kill').job.done;
    expect(second.runs.map((r) => r.status)).toEqual(['completed']);
    expect(launched).toHaveLength(2);
    await engine.dispose();
  });

  it('a process that exits early fails the job with its exit code and the end of its output', async () => {
    const { host: engine } = host({ entry: fixture('exiting-entry.ts') });
    const job = engine.start({ task: loadAcsSampleTask({}, 200), outDir: path.join(dir, 'exit') }, () => {});
    await expect(job.done).rejects.toThrow(
      /stopped unexpectedly before the job finished \(exit code 3\).*Last output: native backend: device lost/,
    );
    await engine.dispose();
  });

  it('dispose kills every live training process and waits until it is gone', async () => {
    const { host: engine, launched } = host();
    const { job, until } = start(engine, longJob, 'dispose');
    await until(training);
    const pid = launched[0]!.process.pid!;
    expect(isAlive(pid)).toBe(true);
    await engine.dispose();
    expect(isAlive(pid)).toBe(false);
    await expect(job.done).rejects.toThrow(/ended because the engine host is shutting down \(signal SIGKILL\)/);
  });

  it('a training process ends by itself when its host dies, even while paused (no orphan after a crash of the app)', async () => {
    const dying = spawn(process.execPath, ['--import', 'tsx', fixture('host-that-dies.ts')], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [line] = (await once(dying.stdout.setEncoding('utf8'), 'data')) as [string];
    const { trainingPid } = JSON.parse(line) as { trainingPid: number };
    expect(isAlive(trainingPid)).toBe(true);
    dying.kill('SIGKILL');
    const deadline = Date.now() + 10_000;
    while (isAlive(trainingPid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(isAlive(trainingPid)).toBe(false);
  });

  it('kills a process that ignores the request to exit once its job has settled', async () => {
    const { host: engine, launched } = host({ entry: fixture('lingering-entry.ts'), exitGraceMs: 300 });
    await expect(
      engine.start({ task: loadAcsSampleTask({}, 200), outDir: path.join(dir, 'linger') }, () => {}).done,
    ).rejects.toThrow('lingering fixture');
    expect(await launched[0]!.exited).toEqual({ code: null, signal: 'SIGKILL' });
    await engine.dispose();
  });

  it('kills a process that does not answer a cancel in time (stuck in native code)', async () => {
    const { host: engine, launched } = host({ entry: fixture('stuck-entry.ts'), cancelGraceMs: 300 });
    const job = engine.start({ task: loadAcsSampleTask({}, 200), outDir: path.join(dir, 'stuck') }, () => {});
    job.cancel();
    await expect(job.done).rejects.toThrow(/did not stop within 0.3 s of being cancelled \(signal SIGKILL\)/);
    expect(isAlive(launched[0]!.process.pid!)).toBe(false);
    await engine.dispose();
  });
});
