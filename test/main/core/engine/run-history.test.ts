import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrainingProgress } from '../../../../shared/config/progress.js';
import { selectBackend } from '../../../../main/core/engine/backend.js';
import { buildConstraintPlan } from '../../../../main/core/constraints/constraint-plan.js';
import { ProgressReporter } from '../../../../main/core/engine/progress.js';
import { RunHistory } from '../../../../main/core/engine/run-history.js';
import { tf } from '../../../../main/core/engine/tf.js';

let dir: string;
beforeAll(async () => {
  await selectBackend('cpu');
  dir = await mkdtemp(path.join(tmpdir(), 'fairbound-history-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const groups = [
  { name: 'A', parts: ['A'], trainCount: 50, small: false },
  { name: 'B', parts: ['B'], trainCount: 50, small: false },
];

describe('RunHistory (divergence signal)', () => {
  it('records finite estimates, refuses non-finite ones (the divergence signal) and frees every tensor it was given', async () => {
    const plan = buildConstraintPlan([{ kind: 'loss-gap', topology: 'pairwise', tolerance: 0.01 }], groups);
    const sent: TrainingProgress[] = [];
    const reporter = new ProgressReporter(1, (p) => sent.push(p), 'cpu');
    const history = await RunHistory.open(dir, 'run-0', plan, reporter);
    const before = tf.memory().numTensors;
    const ok = await history.training(
      { loss: tf.scalar(0.5), rows: tf.tensor1d([0.02, -0.04]), multipliers: tf.tensor1d([0.1, 0]) },
      { iteration: 1, seconds: 0.1, samples: 8 },
    );
    const nanLoss = await history.training(
      { loss: tf.scalar(Number.NaN), rows: tf.tensor1d([0, 0]), multipliers: null },
      { iteration: 2, seconds: 0.2, samples: 16 },
    );
    const infRow = await history.training(
      { loss: tf.scalar(0.4), rows: tf.tensor1d([Number.POSITIVE_INFINITY, 0]), multipliers: null },
      { iteration: 3, seconds: 0.3, samples: 24 },
    );
    expect([ok, nanLoss, infRow]).toEqual([true, false, false]);
    expect(tf.memory().numTensors).toBe(before);
    await history.close();
    const lines = (await readFile(path.join(dir, 'history', 'run-0.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(1);
    // One loss-gap measure over two one-sided rows: its estimate is the larger row; its multiplier the larger one.
    expect(lines[0]).toMatchObject({ type: 'history', iteration: 1, loss: 0.5, multipliers: [expect.closeTo(0.1, 6)] });
    expect((lines[0]!.constraints as number[])[0]).toBeCloseTo(0.02, 6);
    reporter.tick(true);
    expect(sent.at(-1)!.points).toHaveLength(1);
  });
});
