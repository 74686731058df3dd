import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvaluationPoint } from '../../../../shared/config/results.js';
import type { TaskConfigInput } from '../../../../shared/config/task-config.js';
import type { PreparedSplit, PreparedTask } from '../../../../main/core/data/prepared-task.js';
import { selectBackend } from '../../../../main/core/engine/backend.js';
import { runTrainingJob } from '../../../../main/core/engine/job.js';
import { loadAcsSampleTask } from '../../../helpers/acs-sample-task.js';

let dir: string;
beforeAll(async () => {
  await selectBackend('wasm');
  dir = await mkdtemp(path.join(tmpdir(), 'fairbound-selection-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The sample task with every fourth training row moved to a validation split. */
function withValidation(overrides: Partial<TaskConfigInput>): PreparedTask {
  const task = loadAcsSampleTask(overrides);
  const pick = (keep: (i: number) => boolean): PreparedSplit => {
    const rows = Array.from({ length: task.train.rows }, (_, i) => i).filter(keep);
    const f = task.featureNames.length;
    const features = new Float32Array(rows.length * f);
    rows.forEach((r, k) => features.set(task.train.features!.subarray(r * f, (r + 1) * f), k * f));
    return {
      rows: rows.length,
      features,
      labels: Float32Array.from(rows, (r) => task.train.labels[r]!),
      groups: Int32Array.from(rows, (r) => task.train.groups[r]!),
      sourceRows: Int32Array.from(rows, (r) => task.train.sourceRows[r]!),
    };
  };
  return { ...task, validation: pick((i) => i % 4 === 0), train: pick((i) => i % 4 !== 0) };
}

async function evaluations(out: string): Promise<EvaluationPoint[]> {
  const lines = (await readFile(path.join(out, 'history', 'run-0.jsonl'), 'utf8')).trim().split('\n');
  return lines.map((l) => JSON.parse(l) as EvaluationPoint & { type: string }).filter((p) => p.type === 'evaluation');
}

describe('iterate selection on the ACSIncome-OK sample', () => {
  it('the SGD baseline without a validation split keeps its last iterate (never a constraint-based one)', async () => {
    const task = loadAcsSampleTask({
      solver: { name: 'sgd', batchSize: 8, params: {} },
      budget: { iterations: 400 },
      runs: 1,
      backend: 'wasm',
    });
    const run = (await runTrainingJob(task, path.join(dir, 'sgd-last'), () => {})).runs[0]!;
    expect(run.selectionRule).toBe('last');
    expect(run.selectedIteration).toBe(run.iterations);
    expect(run.selectedIteration).toBe(400);
  });

  it('the SGD baseline with a validation split keeps the iterate with the lowest validation loss', async () => {
    const out = path.join(dir, 'sgd-best');
    const task = withValidation({
      solver: { name: 'sgd', batchSize: 8, params: { lr: 0.05 } },
      budget: { iterations: 1000 },
      runs: 1,
      backend: 'wasm',
    });
    const run = (await runTrainingJob(task, out, () => {})).runs[0]!;
    expect(run.selectionRule).toBe('best-objective');
    expect(run.selectionSplit).toBe('validation');
    const points = (await evaluations(out)).filter((p) => p.split === 'validation' && p.iteration > 0);
    const best = points.reduce((a, b) => (b.loss < a.loss ? b : a));
    expect(run.selectedIteration).toBe(best.iteration);
    expect(run.validation!.loss).toBeCloseTo(best.loss, 6);
  });

  it('a constrained solver keeps the best objective among iterates not violated on validation, at a threshold chosen there', async () => {
    const out = path.join(dir, 'ssl-alm');
    const task = withValidation({
      solver: { name: 'ssl-alm', batchSize: 8, params: {} },
      budget: { iterations: 1000 },
      runs: 1,
      backend: 'wasm',
      thresholdRule: { rule: 'match-base-rate' },
    });
    const run = (await runTrainingJob(task, out, () => {})).runs[0]!;
    expect(run.selectionRule).toBe('best-not-violated');
    expect(run.thresholdRule).toBe('match-base-rate');
    // The threshold makes the validation split's predicted-positive share equal its base rate.
    const v = run.validation!;
    const predicted = Object.values(v.groups).reduce((s, g) => s + (g.positiveRate ?? 0) * g.n, 0) / v.n;
    const base = Object.values(v.groups).reduce((s, g) => s + g.positives, 0) / v.n;
    expect(predicted).toBeCloseTo(base, 2);
    expect(run.threshold).not.toBe(0.5);
    const selectedPoint = (await evaluations(out)).find(
      (p) => p.split === 'validation' && p.iteration === run.selectedIteration,
    );
    expect(selectedPoint).toBeDefined();
  });

  it('held-out-aware SSL-ALM (two-dataset, hard rates) trains its multipliers on the validation split', async () => {
    const out = path.join(dir, 'dual');
    const task = withValidation({
      solver: { name: 'ssl-alm', batchSize: 8, params: {}, dual: { split: 'validation', rates: 'hard' } },
      constraints: [{ kind: 'positive-rate-gap', topology: 'pairwise', tolerance: 0.01 }],
      budget: { iterations: 600 },
      runs: 1,
      backend: 'wasm',
    });
    const run = (await runTrainingJob(task, out, () => {})).runs[0]!;
    expect(run.status).toBe('completed');
    const lines = (await readFile(path.join(out, 'history', 'run-0.jsonl'), 'utf8')).trim().split('\n');
    const multipliers = lines
      .map((l) => JSON.parse(l) as { type: string; multipliers?: number[] })
      .filter((p) => p.type === 'history')
      .flatMap((p) => p.multipliers ?? []);
    expect(Math.max(...multipliers)).toBeGreaterThan(0);
  });

  it('held-out-aware training is reproducible from the seed (its sample stream is its own)', async () => {
    const once = async (sub: string) => {
      const task = withValidation({
        solver: { name: 'gda', batchSize: 8, params: {}, dual: { split: 'validation', rates: 'hard' } },
        constraints: [{ kind: 'positive-rate-gap', topology: 'pairwise', tolerance: 0.01 }],
        budget: { iterations: 200 },
        runs: 1,
        backend: 'wasm',
      });
      const run = (await runTrainingJob(task, path.join(dir, sub), () => {})).runs[0]!;
      return {
        loss: run.train.loss,
        selectedIteration: run.selectedIteration,
        threshold: run.threshold,
        evaluations: (await evaluations(path.join(dir, sub))).map(({ seconds: _s, ...p }) => p),
      };
    };
    expect(await once('dual-a')).toEqual(await once('dual-b'));
  });

  it('refuses solver.dual where it cannot apply, naming why', async () => {
    const sgd = withValidation({
      solver: { name: 'sgd', batchSize: 8, params: {}, dual: { split: 'validation', rates: 'soft' } },
      budget: { iterations: 10 },
      backend: 'wasm',
    });
    await expect(runTrainingJob(sgd, path.join(dir, 'dual-sgd'), () => {})).rejects.toThrow(/no multiplier side/);
    const noValidation = loadAcsSampleTask({
      solver: { name: 'gda', batchSize: 8, params: {}, dual: { split: 'validation', rates: 'soft' } },
      budget: { iterations: 10 },
      backend: 'wasm',
    });
    await expect(runTrainingJob(noValidation, path.join(dir, 'dual-noval'), () => {})).rejects.toThrow(
      /needs a validation split/,
    );
  });

  it('balanced class weights train a model that predicts the minority class more often', async () => {
    const task = loadAcsSampleTask({
      solver: { name: 'sgd', batchSize: 8, params: {} },
      budget: { iterations: 300 },
      runs: 1,
      backend: 'wasm',
      classWeights: 'balanced',
    });
    const run = (await runTrainingJob(task, path.join(dir, 'balanced'), () => {})).runs[0]!;
    expect(run.status).toBe('completed');
    // Balanced weights push predictions towards the minority (positive) class: more positives than the base rate.
    const t = run.train;
    const predicted = Object.values(t.groups).reduce((s, g) => s + (g.positiveRate ?? 0) * g.n, 0) / t.n;
    const base = Object.values(t.groups).reduce((s, g) => s + g.positives, 0) / t.n;
    expect(predicted).toBeGreaterThan(base);
  });
});
