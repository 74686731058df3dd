import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FsProjectRepository } from '../../../../main/core/projects/fs-repository.js';
import { JobManager, type JobManagerOptions } from '../../../../main/core/training/job-manager.js';
import {
  FakeEngine,
  ManualTimers,
  preparedTask,
  progress,
  RecordingSink,
  runResult,
  tempProject,
  testConfig,
} from './fakes.js';

let dir: string;
let repo: FsProjectRepository;
let projectId: string;

beforeEach(async () => {
  ({ dir, repo, projectId } = await tempProject('fb-jobs-', 'jobs'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

let ids = 0;
function manager(engine: FakeEngine, sink: RecordingSink, extra: Partial<JobManagerOptions> = {}): JobManager {
  return new JobManager({
    projects: repo,
    events: sink,
    engine,
    prepare: async (config) => preparedTask(config),
    newId: () => `job-${++ids}`,
    ...extra,
  });
}

const input = (name: 'sgd' | 'ssl-alm' = 'ssl-alm') => ({
  label: name,
  config: testConfig({ solver: { name, batchSize: 8, params: {} } }),
});

async function statusOf(jobId: string): Promise<string | undefined> {
  return (await repo.get(projectId)).jobs.find((r) => r.id === jobId)?.status;
}

/** Lets queued promise callbacks (record writes, prepare) run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe('JobManager', () => {
  it('returns job ids at once, records them queued, and runs them one at a time in order', async () => {
    const engine = new FakeEngine();
    const sink = new RecordingSink();
    const jobs = manager(engine, sink);
    const ids = await jobs.enqueue(projectId, [input('sgd'), input('ssl-alm'), input('sgd')]);
    expect(ids).toHaveLength(3);
    const [first] = await engine.started(1);
    await settle();
    expect(engine.jobs).toHaveLength(1);
    expect(first!.request.task.config.solver.name).toBe('sgd');
    expect(first!.request.outDir).toBe(path.join(repo.dir(projectId), 'runs', ids[0]!));
    expect(await statusOf(ids[0]!)).toBe('running');
    expect(await statusOf(ids[1]!)).toBe('queued');

    await first!.finish([runResult(0), runResult(1)]);
    const [, second] = await engine.started(2);
    expect(second!.request.task.config.solver.name).toBe('ssl-alm');
    await second!.finish([runResult(0)]);
    const [, , third] = await engine.started(3);
    await third!.finish([runResult(0)]);
    await jobs.whenIdle();
    expect(await Promise.all(ids.map(statusOf))).toEqual(['completed', 'completed', 'completed']);
  });

  it('runs up to `concurrency` jobs at once', async () => {
    const engine = new FakeEngine();
    const jobs = manager(engine, new RecordingSink(), { concurrency: 2 });
    const ids = await jobs.enqueue(projectId, [input(), input(), input()]);
    await engine.started(2);
    await settle();
    expect(engine.jobs).toHaveLength(2);
    expect(await statusOf(ids[2]!)).toBe('queued');
    await engine.jobs[1]!.finish([runResult(0)]);
    await engine.started(3);
    expect(engine.jobs[2]!.request.outDir.endsWith(ids[2]!)).toBe(true);
    await engine.jobs[0]!.finish([runResult(0)]);
    await engine.jobs[2]!.finish([runResult(0)]);
    await jobs.whenIdle();
  });

  it('applies a changed concurrency limit to the queue at once, without touching the jobs already running', async () => {
    const engine = new FakeEngine();
    const jobs = manager(engine, new RecordingSink());
    const ids = await jobs.enqueue(projectId, [input(), input(), input(), input()]);
    await engine.started(1);
    await settle();
    expect(jobs.concurrency).toBe(1);
    expect(engine.jobs).toHaveLength(1);

    // Raised: queued jobs start now, not when the running one ends.
    jobs.setConcurrency(3);
    await engine.started(3);
    await settle();
    expect(engine.jobs).toHaveLength(3);
    expect(await Promise.all(ids.map(statusOf))).toEqual(['running', 'running', 'running', 'queued']);

    // Lowered: the three carry on (no pause, no cancel); the fourth waits until fewer than one is left.
    jobs.setConcurrency(1);
    await engine.jobs[0]!.finish([runResult(0)]);
    await engine.jobs[1]!.finish([runResult(0)]);
    await settle();
    expect(engine.jobs).toHaveLength(3);
    expect(engine.jobs.map((j) => j.calls)).toEqual([[], [], []]);
    expect(await statusOf(ids[3]!)).toBe('queued');
    await engine.jobs[2]!.finish([runResult(0)]);
    const [, , , last] = await engine.started(4);
    await last!.finish([runResult(0)]);
    await jobs.whenIdle();
    expect(await Promise.all(ids.map(statusOf))).toEqual(['completed', 'completed', 'completed', 'completed']);
  });

  it('names the constraints in the live state and on the first progress event, before results.json exists', async () => {
    const engine = new FakeEngine();
    const sink = new RecordingSink();
    const timers = new ManualTimers();
    const jobs = manager(engine, sink, { timers });
    const [a] = await jobs.enqueue(projectId, [input()]);
    const [handle] = await engine.started(1);
    // The paper's constraint (loss gap, pairwise) over the two prepared groups: one measure, named as results.json names it.
    const names = ['loss-gap: White vs Non-white'];
    expect((await jobs.list(projectId))[0]!.live?.constraintNames).toEqual(names);
    for (let i = 0; i < 5; i++) {
      handle!.onProgress(progress(0, i));
      timers.advance(60);
    }
    const events = sink.of('training:progress');
    expect(events.length).toBe(5);
    expect(events.map((e) => e.constraintNames)).toEqual([names, undefined, undefined, undefined, undefined]);
    expect((await jobs.list(projectId))[0]!.live).toMatchObject({ seq: 5, constraintNames: names });
    expect(existsSync(path.join(repo.dir(projectId), 'runs', a!, 'results.json'))).toBe(false);
    // A solver note (sent when it changes) stays in the live state until the next one.
    handle!.onProgress({ ...progress(0, 5), message: '2 Ghost κ-LP subproblem(s) failed' });
    timers.advance(60);
    handle!.onProgress(progress(0, 6));
    timers.advance(60);
    expect((await jobs.list(projectId))[0]!.live?.message).toBe('2 Ghost κ-LP subproblem(s) failed');
    await handle!.finish([runResult(0)]);
    await jobs.whenIdle();
  });

  it('cancels a queued job without starting it, and a running one through its handle', async () => {
    const engine = new FakeEngine();
    const jobs = manager(engine, new RecordingSink());
    const [running, queued] = await jobs.enqueue(projectId, [input(), input()]);
    const [handle] = await engine.started(1);
    await jobs.cancel(projectId, queued!);
    expect(await statusOf(queued!)).toBe('cancelled');

    await jobs.cancel(projectId, running!);
    expect(handle!.calls).toEqual(['cancel']);
    await handle!.finish([runResult(0), runResult(1, 'cancelled')]);
    await jobs.whenIdle();
    const rec = (await repo.get(projectId)).jobs.find((r) => r.id === running);
    expect(rec?.status).toBe('cancelled');
    expect(rec?.message).toMatch(/1 of 2/);
    expect(engine.jobs).toHaveLength(1);
    await expect(jobs.cancel(projectId, running!)).rejects.toMatchObject({ code: 'not-found' });
  });

  it('pauses and resumes a running job, and holds a paused queued job back', async () => {
    const engine = new FakeEngine();
    const sink = new RecordingSink();
    const jobs = manager(engine, sink);
    const [a, b, c] = await jobs.enqueue(projectId, [input(), input(), input()]);
    const [handle] = await engine.started(1);
    await jobs.pause(projectId, a!);
    expect(handle!.calls).toEqual(['pause']);
    expect(await statusOf(a!)).toBe('paused');
    expect((await jobs.list(projectId)).find((j) => j.id === a)?.live?.phase).toBe('paused');
    await jobs.resume(projectId, a!);
    expect(handle!.calls).toEqual(['pause', 'resume']);
    expect(await statusOf(a!)).toBe('running');

    await jobs.pause(projectId, b!);
    expect(await statusOf(b!)).toBe('paused');
    await handle!.finish([runResult(0)]);
    const [, next] = await engine.started(2);
    expect(next!.request.outDir.endsWith(c!)).toBe(true);
    expect(await statusOf(b!)).toBe('paused');
    await jobs.resume(projectId, b!);
    expect(await statusOf(b!)).toBe('queued');
    await next!.finish([runResult(0)]);
    const [, , last] = await engine.started(3);
    expect(last!.request.outDir.endsWith(b!)).toBe(true);
    await last!.finish([runResult(0)]);
    await jobs.whenIdle();
    // Status transitions (a record update that keeps the status, such as the constraint names, repeats it).
    const statuses = sink
      .of('training:job')
      .filter((e) => e.job.id === b)
      .map((e) => e.job.status)
      .filter((s, i, all) => s !== all[i - 1]);
    expect(statuses).toEqual(['queued', 'paused', 'queued', 'running', 'completed']);
  });

  it('marks a failed engine run failed with its reason and goes on with the queue', async () => {
    const engine = new FakeEngine();
    const jobs = manager(engine, new RecordingSink());
    const [a, b] = await jobs.enqueue(projectId, [input(), input()]);
    const [handle] = await engine.started(1);
    handle!.reject(new Error('worker exited with code 134'));
    const [, second] = await engine.started(2);
    expect(await statusOf(a!)).toBe('failed');
    expect((await repo.get(projectId)).jobs.find((r) => r.id === a)?.message).toBe('worker exited with code 134');
    await second!.finish([runResult(0, 'diverged')]);
    await jobs.whenIdle();
    expect(await statusOf(b!)).toBe('diverged');
  });

  it('fails a job whose preparation fails, without calling the engine', async () => {
    const engine = new FakeEngine();
    const jobs = manager(engine, new RecordingSink(), {
      prepare: () => Promise.reject(new Error('label column PINCP not found')),
    });
    const [a] = await jobs.enqueue(projectId, [input()]);
    await jobs.whenIdle();
    expect(engine.jobs).toHaveLength(0);
    expect((await repo.get(projectId)).jobs[0]).toMatchObject({
      id: a,
      status: 'failed',
      message: 'label column PINCP not found',
    });
  });

  it('persists status, config and summary, and reads the stored history after a restart', async () => {
    const engine = new FakeEngine();
    const jobs = manager(engine, new RecordingSink());
    const [a] = await jobs.enqueue(projectId, [input()]);
    const [handle] = await engine.started(1);
    await handle!.finish([runResult(0, 'completed', 0.4), runResult(1, 'completed', 0.5)]);
    await jobs.whenIdle();

    const fresh = manager(new FakeEngine(), new RecordingSink());
    const [view] = await fresh.list(projectId);
    expect(view).toMatchObject({ id: a, status: 'completed', live: null });
    expect((view!.config as { solver: { name: string } }).solver.name).toBe('ssl-alm');
    const losses = view!.summary?.runs.map((r) => r.test.loss) ?? [];
    expect(losses).toHaveLength(2);
    expect(losses[0]).toBeCloseTo(0.41);
    expect(losses[1]).toBeCloseTo(0.51);
    expect(view!.summary?.aggregate?.loss.median).toBeCloseTo(0.46);
    expect(view!.summary?.runs[0]?.test).toMatchObject({ constraintCount: 2, satisfiedCount: 1 });
    const history = await fresh.history(projectId, a!, 100);
    expect(history.runs.map((r) => [r.runIndex, r.points.length, r.evaluations.length])).toEqual([
      [0, 3, 1],
      [1, 3, 1],
    ]);
    expect(await fresh.setModel(projectId, `${a}/1`)).toBe(`${a}/1`);
    expect((await repo.get(projectId)).modelRun).toBe(`${a}/1`);
    await expect(fresh.setModel(projectId, `${a}/7`)).rejects.toMatchObject({ code: 'not-found' });
  });

  it('on restart marks jobs left queued or running as failed (interrupted), never running', async () => {
    const engine = new FakeEngine();
    const jobs = manager(engine, new RecordingSink());
    const [a, b] = await jobs.enqueue(projectId, [input(), input()]);
    await engine.started(1);
    await settle();
    expect(await statusOf(a!)).toBe('running');
    // The process "dies" here: a new manager over the same projects.
    const fresh = manager(new FakeEngine(), new RecordingSink());
    expect(await fresh.recover()).toBe(2);
    const records = (await repo.get(projectId)).jobs;
    expect(records.map((r) => r.status)).toEqual(['failed', 'failed']);
    expect(records.find((r) => r.id === a)?.message).toMatch(/interrupted.*running/);
    expect(records.find((r) => r.id === b)?.message).toMatch(/interrupted.*queued/);
    expect(await fresh.recover()).toBe(0);
  });

  it('on restart finishes a job from its results.json when the engine completed it just before the stop', async () => {
    const engine = new FakeEngine();
    const jobs = manager(engine, new RecordingSink());
    const [a] = await jobs.enqueue(projectId, [input()]);
    const [handle] = await engine.started(1);
    await settle();
    // Results written to disk, but the process stops before the record is updated.
    const write = handle!.finish([runResult(0), runResult(1)]);
    const fresh = manager(new FakeEngine(), new RecordingSink());
    await write;
    await fresh.recover();
    const rec = (await repo.get(projectId)).jobs.find((r) => r.id === a);
    expect(rec?.status).toBe('completed');
    expect(rec?.summary).not.toBeNull();
  });

  it('batches progress to at most one event per 50 ms, keeping every point in order with consecutive seq', async () => {
    const engine = new FakeEngine();
    const sink = new RecordingSink();
    const timers = new ManualTimers();
    const jobs = manager(engine, sink, { timers });
    const [a] = await jobs.enqueue(projectId, [input()]);
    const [handle] = await engine.started(1);
    // 1 s of updates every 5 ms (200/s), crossing from run 0 to run 1 halfway.
    for (let i = 0; i < 200; i++) {
      handle!.onProgress(progress(i < 100 ? 0 : 1, i));
      timers.advance(5);
    }
    timers.advance(100);
    const events = sink.of('training:progress');
    expect(events.length).toBeLessThanOrEqual(21);
    expect(events.length).toBeGreaterThanOrEqual(15);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.flatMap((e) => e.points.map((p) => p.iteration))).toEqual([...Array(200).keys()]);
    for (const e of events) expect(e.points.every((p) => (p.iteration < 100 ? 0 : 1) === e.runIndex)).toBe(true);
    const snapshot = await jobs.history(projectId, a!, 1000);
    expect(snapshot.seq).toBe(events.length);
    expect(snapshot.runs.map((r) => r.points.length)).toEqual([100, 100]);
    expect((await jobs.history(projectId, a!, 10)).runs[0]!.points.map((p) => p.iteration).at(-1)).toBe(99);
    await handle!.finish([runResult(0)]);
    await jobs.whenIdle();
  });

  it('dispose cancels jobs in flight, records them as interrupted (not user-cancelled), and disposes the engine', async () => {
    const engine = new FakeEngine();
    const jobs = manager(engine, new RecordingSink());
    const [a] = await jobs.enqueue(projectId, [input()]);
    const [handle] = await engine.started(1);
    const disposing = jobs.dispose();
    await settle();
    expect(handle!.calls).toContain('cancel');
    await handle!.finish([runResult(0, 'cancelled')]);
    await disposing;
    expect(engine.disposed).toBe(true);
    expect(await statusOf(a!)).toBe('failed');
    const record = (await repo.get(projectId)).jobs.find((r) => r.id === a);
    expect(record?.message).toMatch(/^interrupted: the app stopped while this job was running/);
    // "interrupted" once: the cancellation that carried it out is not a second reason.
    expect(record?.message).not.toMatch(/cancel/);
    // The constraint names were recorded when the job was prepared, so its charts stay labelled without a summary.
    expect(record?.constraintNames).toEqual(['loss-gap: White vs Non-white']);
  });
});
