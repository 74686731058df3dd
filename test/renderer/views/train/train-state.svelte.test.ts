import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HistoryPoint } from '../../../../shared/config/results';
import {
  trainSettingsSchema,
  type JobView,
  type TrainingProgressEvent,
} from '../../../../shared/ipc/channels/training';
import { TrainState } from '../../../../renderer/src/views/train/train-state.svelte';
import { FakeMain, settle } from '../../fake-main';
import { project } from '../../fixtures';

/** A reply for requests load() makes that these tests are not about (preferences, certifiability). */
const notNeeded = { error: { code: 'io-error' as const, message: 'not needed in this test' } };

// Series changes are announced once per animation frame; Node has none, so a timer stands in.
beforeEach(() => {
  vi.stubGlobal('requestAnimationFrame', (callback: () => void) => setTimeout(callback, 0));
  vi.stubGlobal('cancelAnimationFrame', (handle: ReturnType<typeof setTimeout>) => clearTimeout(handle));
});
afterEach(() => vi.unstubAllGlobals());

const point = (iteration: number): HistoryPoint => ({
  iteration,
  seconds: iteration / 10,
  samples: iteration * 8,
  loss: 0.5,
  constraints: [0.01],
  multipliers: [],
});

function job(id: string, status: JobView['status']): JobView {
  return {
    id,
    label: `job ${id}`,
    createdAt: '2026-11-30T10:00:00.000Z',
    status,
    settings: null,
    summary: null,
    live: null,
  };
}

function progress(jobId: string, seq: number, iterations: number[], projectId = 'p1'): TrainingProgressEvent {
  return {
    projectId,
    jobId,
    seq,
    runIndex: 0,
    runs: 1,
    phase: 'training',
    points: iterations.map(point),
    evaluations: [],
    iterationsPerSecond: 100,
    etaSeconds: 3,
    fraction: seq / 10,
  };
}

/** Main serving project p1 with these Train tab settings and jobs; each test adds the backends and the history. */
function mainServing(settings: unknown, jobs: JobView[] = []) {
  return new FakeMain()
    .handle('training:setup', {
      settings: trainSettingsSchema.parse(settings),
      dataIssues: [],
      reference: null,
      modelRun: null,
    })
    .handle('training:list', { jobs })
    .handle('projects:get', ({ id }) => project(id))
    .handle('settings:get', notNeeded)
    .handle('training:certifiability', notNeeded);
}

/** Main with project p1 whose job j1 is running; training:history answers only when the test releases it. */
function mainWithRunningJob() {
  let release: (seq: number, iterations: number[]) => void = () => {};
  const main = mainServing({ solver: { name: 'sgd' }, budget: { seconds: 5 } }, [job('j1', 'running')])
    .handle('training:backends', {
      backends: [{ name: 'cpu', available: true, detail: 'fallback' }],
      auto: 'cpu',
      notes: [],
    })
    .handle(
      'training:history',
      () =>
        new Promise(
          (resolve) =>
            (release = (seq, iterations) =>
              resolve({ runs: [{ runIndex: 0, points: iterations.map(point), evaluations: [] }], seq })),
        ),
    );
  return { main, release: (seq: number, iterations: number[]) => release(seq, iterations) };
}

const iterations = (train: TrainState, jobId: string) =>
  train
    .series(jobId)
    ?.get(0)
    ?.points.map((p) => p.iteration);

describe('TrainState: live series from training:* events', () => {
  it('buffers progress that arrives while the stored history loads, then applies only what the history did not contain', async () => {
    const { main, release } = mainWithRunningJob();
    const train = new TrainState('p1', main.api);
    const disconnect = train.connect();
    await settle();
    expect(train.monitorJobId).toBe('j1');
    expect(main.requests('training:history')).toEqual([{ projectId: 'p1', jobId: 'j1', maxPoints: 2000 }]);

    main.emit('training:progress', progress('j1', 3, [30]));
    main.emit('training:progress', progress('j1', 5, [50]));
    expect(iterations(train, 'j1')).toBeUndefined();

    release(4, [10, 20, 30, 40]);
    await settle();
    expect(iterations(train, 'j1')).toEqual([10, 20, 30, 40, 50]);

    main.emit('training:progress', progress('j1', 5, [50]));
    main.emit('training:progress', progress('j1', 6, [60]));
    main.emit('training:progress', progress('j1', 7, [70], 'another-project'));
    expect(iterations(train, 'j1')).toEqual([10, 20, 30, 40, 50, 60]);
    expect(train.jobs[0]?.live).toMatchObject({ seq: 6, fraction: 0.6, phase: 'training', iterationsPerSecond: 100 });

    const version = train.version;
    await settle();
    expect(train.version).toBeGreaterThan(version);

    disconnect();
    expect(main.listeners('training:progress')).toBe(0);
    expect(main.listeners('training:job')).toBe(0);
  });

  it('a finished job replaces its record and its series is refetched from the complete stored history', async () => {
    const { main, release } = mainWithRunningJob();
    const train = new TrainState('p1', main.api);
    train.connect();
    await settle();
    release(2, [10, 20]);
    await settle();

    main.emit('training:job', { projectId: 'p1', job: job('j1', 'completed') });
    expect(train.jobs.map((j) => [j.id, j.status])).toEqual([['j1', 'completed']]);
    expect(main.requests('training:history')).toHaveLength(2);
    release(9, [10, 20, 30, 40, 50, 60, 70, 80, 90]);
    await settle();
    expect(iterations(train, 'j1')).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90]);

    main.emit('training:job', { projectId: 'p1', job: job('j2', 'queued') });
    main.emit('training:job', { projectId: 'elsewhere', job: job('j3', 'queued') });
    expect(train.jobs.map((j) => j.id)).toEqual(['j1', 'j2']);
  });

  it('a job started elsewhere that begins running is monitored when nothing else is', async () => {
    const main = mainServing({ solver: { name: 'sgd' }, budget: { seconds: 5 } })
      .handle('training:backends', { error: { code: 'backend-unavailable', message: 'probe crashed' } })
      .handle('training:history', { runs: [], seq: -1 });
    const train = new TrainState('p1', main.api);
    train.connect();
    await settle();
    expect(train.monitorJobId).toBeNull();
    expect(train.backendsError).toBe('probe crashed');
    expect(train.groupsState).toBe('undefined');

    main.emit('training:job', { projectId: 'p1', job: job('j7', 'running') });
    expect(train.monitorJobId).toBe('j7');
  });
});

describe('TrainState: issues of the edited settings', () => {
  it("names a baseline method's constraint problem before a job starts, and clears it once the constraint fits", async () => {
    const main = mainServing({
      solver: { name: 'threshold-optimizer' },
      constraints: [{ kind: 'loss-gap', tolerance: 0.01 }],
      budget: { seconds: 5 },
    })
      .handle('training:backends', notNeeded)
      .handle('training:history', { runs: [], seq: -1 });
    const train = new TrainState('p1', main.api);
    train.connect();
    await settle();
    expect(train.issues().get('constraints')).toBe(
      '"threshold-optimizer" enforces positive-rate-gap or equalized-odds constraints, not loss-gap',
    );
    train.settings!.constraints[0]!.kind = 'positive-rate-gap';
    expect(train.issues().has('constraints')).toBe(false);
    train.settings!.solver = { name: 'sgd', batchSize: 8, params: {} };
    train.settings!.constraints[0]!.kind = 'loss-gap';
    expect(train.issues().has('constraints')).toBe(false);
  });
});
