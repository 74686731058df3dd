import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resultsSchema, type RunResult } from '../../../../shared/config/results.js';
import { taskConfigSchema, type TaskConfigInput } from '../../../../shared/config/task-config.js';
import { BASELINE_MODEL_FILE } from '../../../../shared/config/baseline.js';
import { drawDecisions } from '../../../../main/core/baselines/baseline-run.js';
import { loadRun } from '../../../../main/core/audit/run-source.js';
import { loadSavedRun } from '../../../../main/core/export/saved-run.js';
import { buildConstraintPlan } from '../../../../main/core/constraints/constraint-plan.js';
import type { PreparedSplit, PreparedTask } from '../../../../main/core/data/prepared-task.js';
import { JobControl } from '../../../../main/core/engine/control.js';
import { runTrainingJob } from '../../../../main/core/engine/job.js';
import { Rng } from '../../../../main/core/engine/rng.js';
import { evaluateSplit } from '../../../../main/core/metrics/split-evaluation.js';
import { shiftedGroups } from './synthetic.js';

function split(rows: number, seed: number): PreparedSplit {
  const { x, labels, groups } = shiftedGroups(rows, seed);
  return {
    rows,
    features: Float32Array.from(x.values),
    labels: Float32Array.from(labels),
    groups,
    sourceRows: Int32Array.from({ length: rows }, (_, i) => i),
  };
}

/** Two groups whose unconstrained positive rates differ by more than 0.4 (see synthetic.ts), with three splits. */
function shiftedTask(overrides: Partial<TaskConfigInput>): PreparedTask {
  const train = split(3000, 1);
  return {
    config: taskConfigSchema.parse({
      data: { path: 'synthetic', label: { column: 'y', positive: ['1'] } },
      split: { test: 0.2, validation: 0.2 },
      groups: { attributes: [{ column: 'g' }] },
      constraints: [{ kind: 'positive-rate-gap', topology: 'pairwise', tolerance: 0.1 }],
      model: { hidden: [] },
      solver: { name: 'exponentiated-gradient' },
      budget: { iterations: 1500 },
      backend: 'wasm',
      ...overrides,
    }),
    featureNames: ['signal', 'noise'],
    groupAttributes: ['g'],
    groups: [
      { name: 'A', parts: ['A'], trainCount: train.groups.filter((g) => g === 0).length, small: false },
      { name: 'B', parts: ['B'], trainCount: train.groups.filter((g) => g === 1).length, small: false },
    ],
    train,
    validation: split(3000, 2),
    test: split(3000, 3),
    preprocessing: null,
    dataset: {
      path: 'synthetic',
      sha256: 'synthetic',
      rowsRead: 9000,
      rowsUsed: 9000,
      droppedRows: 0,
      droppedReasons: {},
    },
  };
}

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'fairbound-baseline-run-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('drawDecisions', () => {
  it('keeps sure rows, draws the rest with their probability, and repeats with the seed', () => {
    const positive = Float64Array.from({ length: 40_000 }, (_, i) => (i % 4 === 0 ? 0 : i % 4 === 1 ? 1 : 0.3));
    const a = drawDecisions(positive, new Rng(5));
    expect(a.every((d) => d === 0 || d === 1)).toBe(true);
    expect(a.filter((_, i) => i % 4 === 0).every((d) => d === 0)).toBe(true);
    expect(a.filter((_, i) => i % 4 === 1).every((d) => d === 1)).toBe(true);
    const drawn = a.filter((_, i) => i % 4 >= 2);
    // 20 000 Bernoulli(0.3) draws: the share lies within 0.3 ± 5 standard errors (0.016).
    expect(Math.abs(drawn.reduce((s, d) => s + d, 0) / drawn.length - 0.3)).toBeLessThan(0.016);
    expect(drawDecisions(positive, new Rng(5))).toEqual(a);
  });
});

async function trainJob(name: string, overrides: Partial<TaskConfigInput>): Promise<{ dir: string; run: RunResult }> {
  const task = shiftedTask(overrides);
  const dir = path.join(root, name);
  await runTrainingJob(task, dir, () => {});
  const results = resultsSchema.parse(JSON.parse(await readFile(path.join(dir, 'results.json'), 'utf8')));
  return { dir, run: results.runs[0]! };
}

/** The run's recorded test evaluation is the shared evaluation of the decisions the audit will read. */
async function expectAuditReadsTheSameDecisions(dir: string, run: RunResult, task: PreparedTask): Promise<void> {
  const loaded = await loadRun(dir, 0, () => Promise.resolve(task));
  expect(loaded.data.test.probs.every((p) => p === 0 || p === 1)).toBe(true);
  const plan = buildConstraintPlan(task.config.constraints, task.groups);
  const again = evaluateSplit(loaded.data.test.probs, task.test, task.groups, plan, run.threshold);
  expect(again.evaluation).toEqual(run.test);
}

describe('baseline methods as training jobs', () => {
  it('exponentiated gradient: an ordinary run whose drawn decisions close the gap, with verdicts and intervals', async () => {
    const { dir, run } = await trainJob('eg', {});
    expect(run.solver).toBe('exponentiated-gradient');
    expect(run.status).toBe('completed');
    expect(run.selectionRule).toBe('min-duality-gap');
    expect(run.params).toEqual({ eps: 0.01, maxIterations: 50, eta0: 2, c: 1 });
    expect(run.threshold).toBe(0.5);
    const gap = run.test.constraints[0]!;
    expect(gap.kind).toBe('positive-rate-gap');
    // Unconstrained, the groups' rates differ by > 0.4; the mixture's bound is 0.05 per group around the overall
    // rate, so the test gap (3000 rows, binomial noise ≈ 0.02) stays below the tolerance plus that noise.
    expect(gap.value!).toBeLessThan(0.14);
    expect(gap.lower).not.toBeNull();
    expect(gap.upper).not.toBeNull();
    expect(['satisfied', 'inconclusive', 'violated']).toContain(gap.verdict);
    expect(run.message).toContain('one seeded draw');
    const model = JSON.parse(await readFile(path.join(dir, run.model, BASELINE_MODEL_FILE), 'utf8')) as {
      members: { weight: number }[];
      bound: number;
    };
    expect(model.bound).toBe(0.05);
    expect(model.members.reduce((s, m) => s + m.weight, 0)).toBeCloseTo(1, 6);
    await expectAuditReadsTheSameDecisions(dir, run, shiftedTask({}));
    // Export, the app's "Score a file" and `fairbound predict` all load the run through loadSavedRun.
    await expect(loadSavedRun(dir, 0)).rejects.toThrow(
      /exponentiated-gradient: its model is a randomised mixture of logistic regressions, not one network.*baseline-model\.json/,
    );
  });

  it('threshold optimizer: trains Adam, then group thresholds fitted on validation bring the test gap near the tolerance', async () => {
    const overrides = { solver: { name: 'threshold-optimizer' as const, batchSize: 64 } };
    const { dir, run } = await trainJob('to', overrides);
    expect(run.solver).toBe('threshold-optimizer');
    expect(run.selectionRule).toBe('best-objective');
    expect(run.params).toEqual({ lr: 0.001, beta1: 0.9, beta2: 0.999 });
    expect(run.message).toContain('fitted on the validation split');
    const gap = run.test.constraints[0]!;
    // Fitted to meet 0.1 exactly on validation; on fresh test rows the gap moves by binomial noise only.
    expect(gap.value!).toBeLessThan(0.16);
    expect(run.validation!.constraints[0]!.value!).toBeLessThanOrEqual(0.1 + 0.02);
    const files = await readdir(path.join(dir, run.model));
    expect(files).toEqual(expect.arrayContaining(['model.json', 'weights.bin', BASELINE_MODEL_FILE]));
    const model = JSON.parse(await readFile(path.join(dir, run.model, BASELINE_MODEL_FILE), 'utf8')) as {
      requirement: string;
      groups: { group: string; mixture: { weight: number }[] }[];
    };
    expect(model.requirement).toMatch(/protected attribute at prediction time/);
    expect(model.groups.map((g) => g.group)).toEqual(['A', 'B']);
    await expectAuditReadsTheSameDecisions(dir, run, shiftedTask(overrides));
    // The network alone would score without the thresholds: export refuses rather than hand out the wrong model.
    await expect(loadSavedRun(dir, 0)).rejects.toThrow(/need each row's protected attribute and a random draw/);
  });

  it('exponentiated gradient: a cancel stops the game after its current iteration and keeps the best mixture so far', async () => {
    const control = new JobControl();
    const dir = path.join(root, 'eg-cancelled');
    const results = await runTrainingJob(
      shiftedTask({ runs: 2 }),
      dir,
      (p) => {
        if (p.phase === 'training') control.cancel();
      },
      control,
    );
    expect(results.runs).toHaveLength(1);
    const run = results.runs[0]!;
    expect(run.status).toBe('cancelled');
    expect(run.iterations).toBe(1);
    expect(run.message).toContain('cancelled after 1 iterations: the model is the best mixture found so far');
    expect(run.test.constraints[0]!.verdict).toMatch(/satisfied|inconclusive|violated/);
  });

  it('refuses a constraint the methods do not enforce before training anything', async () => {
    const task = shiftedTask({
      solver: { name: 'threshold-optimizer', batchSize: 64 },
      constraints: [{ kind: 'loss-gap', topology: 'pairwise', tolerance: 0.1 }],
    });
    const dir = path.join(root, 'refused');
    await expect(runTrainingJob(task, dir, () => {})).rejects.toThrow(
      /"threshold-optimizer" enforces positive-rate-gap or equalized-odds constraints, not loss-gap/,
    );
    await expect(readdir(path.join(dir, 'models'))).rejects.toThrow();
  });
});
