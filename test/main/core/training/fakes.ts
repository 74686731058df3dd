import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TrainingProgress } from '../../../../shared/config/progress.js';
import type { ConstraintEvaluation, Results, RunResult, SplitEvaluation } from '../../../../shared/config/results.js';
import { paperTaskConfig, type TaskConfig } from '../../../../shared/config/task-config.js';
import type { EventName, EventPayload } from '../../../../shared/ipc/contract.js';
import type { PreparedSplit, PreparedTask } from '../../../../main/core/data/prepared-task.js';
import type { EngineHost, TrainingJobHandle, TrainingJobRequest } from '../../../../main/core/engine/engine-host.js';
import type { EventSink } from '../../../../main/core/ipc/handler-types.js';
import { FsProjectRepository } from '../../../../main/core/projects/fs-repository.js';
import type { Timers } from '../../../../main/core/training/progress-batcher.js';

export function testConfig(overrides: Partial<TaskConfig> = {}): TaskConfig {
  return { ...paperTaskConfig('/data/sample.csv'), runs: 2, budget: { iterations: 10 }, ...overrides };
}

function split(rows: number): PreparedSplit {
  return {
    rows,
    features: new Float32Array(rows * 2),
    labels: new Float32Array(rows),
    groups: new Int32Array(rows),
    sourceRows: Int32Array.from({ length: rows }, (_, i) => i),
  };
}

export function preparedTask(config: TaskConfig): PreparedTask {
  return {
    config,
    featureNames: ['a', 'b'],
    groupAttributes: ['RAC1P'],
    groups: [
      { name: 'White', parts: ['White'], trainCount: 6, small: false },
      { name: 'Non-white', parts: ['Non-white'], trainCount: 2, small: false },
    ],
    train: split(8),
    validation: null,
    test: split(4),
    preprocessing: {},
    dataset: { path: config.data.path, sha256: 'x', rowsRead: 12, rowsUsed: 12, droppedRows: 0, droppedReasons: {} },
  };
}

/** Bounds of a fake constraint row: se 0.002, verdict from the upper bound as the real evaluation does. */
function bounds(
  gap: number,
): Pick<ConstraintEvaluation, 'se' | 'lower' | 'upper' | 'verdict' | 'minCertifiableTolerance'> {
  const upper = gap + 0.0033;
  return {
    se: 0.002,
    lower: Math.max(0, gap - 0.0033),
    upper,
    verdict: upper < 0.005 ? 'satisfied' : gap - 0.0033 > 0.005 ? 'violated' : 'inconclusive',
    minCertifiableTolerance: 0.0033,
  };
}

export function splitEvaluation(loss: number, gap: number): SplitEvaluation {
  const group = (l: number, rate: number) => ({
    n: 100,
    positives: 30,
    loss: l,
    baseRate: 0.3,
    positiveRate: rate,
    tpr: 0.6,
    fpr: 0.1,
    accuracy: 0.8,
    auc: 0.85,
  });
  return {
    n: 200,
    loss,
    auc: 0.85,
    accuracy: 0.8,
    summary: {
      aucMean: 0.85,
      independence: gap,
      separation: 0,
      inaccuracy: 0,
      sufficiency: 0,
      wasserstein: 0,
      lossGap: gap,
    },
    groups: { White: group(loss, 0.3 + gap), 'Non-white': group(loss + gap, 0.3) },
    constraints: [
      {
        name: 'loss-gap White>Non-white',
        kind: 'loss-gap',
        value: gap,
        tolerance: 0.005,
        satisfied: gap <= 0.005,
        ...bounds(gap),
      },
      {
        name: 'loss-gap Non-white>White',
        kind: 'loss-gap',
        value: -gap,
        tolerance: 0.005,
        satisfied: true,
        ...bounds(0),
      },
    ],
    maxViolation: Math.max(0, gap - 0.005),
  };
}

export function runResult(index: number, status: RunResult['status'] = 'completed', loss = 0.4): RunResult {
  return {
    id: `run-${index}`,
    solver: 'ssl-alm',
    params: {},
    seed: index,
    status,
    iterations: 10 * (index + 1),
    samples: 80,
    seconds: 1 + index,
    selectedIteration: 9,
    selectionRule: 'best-not-violated',
    selectionSplit: 'train',
    threshold: 0.5,
    thresholdRule: 'fixed',
    warnings: [],
    train: splitEvaluation(loss, 0.004),
    validation: null,
    test: splitEvaluation(loss + 0.01, 0.006),
    model: `models/run-${index}`,
    history: `history/run-${index}.jsonl`,
  };
}

export function results(config: TaskConfig, runs: RunResult[]): Results {
  return {
    version: 2,
    createdAt: new Date(0).toISOString(),
    app: { name: 'fairbound', version: 'test' },
    backend: 'cpu',
    device: 'test cpu',
    backendNotes: [],
    config,
    configSha256: 'x',
    dataset: { path: config.data.path, sha256: 'x', rows: 12 },
    featureNames: ['a', 'b'],
    groupNames: ['White', 'Non-white'],
    constraintNames: ['loss-gap White>Non-white', 'loss-gap Non-white>White'],
    runs,
  };
}

export function progress(
  runIndex: number,
  iteration: number,
  phase: TrainingProgress['phase'] = 'training',
): TrainingProgress {
  return {
    runIndex,
    runs: 2,
    phase,
    points: [
      {
        iteration,
        seconds: iteration / 10,
        samples: iteration * 8,
        loss: 1 / (iteration + 1),
        constraints: [0.01, -0.02],
        multipliers: [0.1, 0],
      },
    ],
    evaluations: [],
    iterationsPerSecond: 10,
    etaSeconds: 5,
    fraction: Math.min(1, iteration / 20),
  };
}

/** One job the fake engine was asked to run, driven by the test. */
export class FakeJob implements TrainingJobHandle {
  calls: string[] = [];
  done: Promise<Results>;
  resolve!: (r: Results) => void;
  reject!: (e: Error) => void;

  constructor(
    readonly request: TrainingJobRequest,
    readonly onProgress: (p: TrainingProgress) => void,
  ) {
    this.done = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  pause(): void {
    this.calls.push('pause');
  }
  resume(): void {
    this.calls.push('resume');
  }
  cancel(): void {
    this.calls.push('cancel');
  }

  /** Writes what the real engine writes (results.json, history JSON lines), then resolves. */
  async finish(runs: RunResult[]): Promise<void> {
    const out = this.request.outDir;
    await mkdir(path.join(out, 'history'), { recursive: true });
    for (const [i] of runs.entries()) {
      const lines = [0, 1, 2].map((it) => JSON.stringify(progress(i, it).points[0]));
      lines.push(
        JSON.stringify({
          iteration: 2,
          seconds: 0.2,
          split: 'test',
          loss: 0.5,
          auc: 0.8,
          accuracy: 0.8,
          constraintValues: [0.01, null],
          maxViolation: 0.005,
        }),
      );
      await writeFile(path.join(out, `history/run-${i}.jsonl`), `${lines.join('\n')}\n`);
    }
    const r = results(this.request.task.config, runs);
    await writeFile(path.join(out, 'results.json'), JSON.stringify(r));
    this.resolve(r);
  }
}

export class FakeEngine implements EngineHost {
  jobs: FakeJob[] = [];
  disposed = false;
  #waiters: Array<() => void> = [];

  start(request: TrainingJobRequest, onProgress: (p: TrainingProgress) => void): TrainingJobHandle {
    const job = new FakeJob(request, onProgress);
    this.jobs.push(job);
    for (const w of this.#waiters.splice(0)) w();
    return job;
  }

  /** Resolves once `count` jobs have been started. */
  async started(count: number): Promise<FakeJob[]> {
    while (this.jobs.length < count) await new Promise<void>((resolve) => this.#waiters.push(resolve));
    return this.jobs;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
  }
}

export class RecordingSink implements EventSink {
  events: { name: EventName; payload: unknown }[] = [];
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    this.events.push({ name, payload });
  }
  of<E extends EventName>(name: E): EventPayload<E>[] {
    return this.events.filter((e) => e.name === name).map((e) => e.payload as EventPayload<E>);
  }
}

/** A clock the test advances by hand. */
export class ManualTimers implements Timers {
  time = 0;
  #pending: { at: number; fn: () => void; id: number }[] = [];
  #next = 0;
  now(): number {
    return this.time;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.#next;
    this.#pending.push({ at: this.time + ms, fn, id });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.#pending = this.#pending.filter((p) => p.id !== handle);
  }
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = this.#pending.filter((p) => p.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.#pending = this.#pending.filter((p) => p !== due);
      this.time = due.at;
      due.fn();
    }
    this.time = end;
  }
}

/** A project repository in a fresh temporary folder, holding one project (the caller removes `dir`). */
export async function tempProject(
  prefix: string,
  name: string,
): Promise<{ dir: string; repo: FsProjectRepository; projectId: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  const repo = new FsProjectRepository(path.join(dir, 'projects'));
  return { dir, repo, projectId: (await repo.create(name)).id };
}
