import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HISTORY_DENSE_POINTS, HistoryFileWriter } from '../../../../main/core/engine/history-file.js';
import { readHistoryFile } from '../../../../main/core/training/history-store.js';
import type { EvaluationPoint, HistoryPoint } from '../../../../shared/config/results.js';

const dir = await mkdtemp(path.join(os.tmpdir(), 'fairbound-history-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

const CONSTRAINTS = 80;
const point = (iteration: number): HistoryPoint => ({
  iteration,
  seconds: iteration / 1000,
  samples: iteration * 256,
  loss: 0.5 + 0.1 * Math.sin(iteration),
  constraints: Array.from({ length: CONSTRAINTS }, (_, c) => Math.cos(iteration + c) / 10),
  multipliers: Array.from({ length: CONSTRAINTS }, (_, c) => Math.abs(Math.sin(iteration * c)) * 3),
});
const evaluation = (iteration: number): EvaluationPoint => ({
  iteration,
  seconds: iteration / 1000,
  split: 'train',
  loss: 0.4,
  auc: 0.8,
  accuracy: 0.75,
  constraintValues: Array.from({ length: CONSTRAINTS }, () => 0.01),
  maxViolation: 0,
});

describe('HistoryFileWriter', () => {
  it('keeps a 60,000-point run with 80 constraints under 5 MB: the start dense, the end exact, every evaluation', async () => {
    const file = path.join(dir, 'run-0.jsonl');
    const writer = new HistoryFileWriter(file);
    const total = 60_000;
    for (let i = 0; i < total; i++) {
      writer.point(point(i));
      if (i % 3_000 === 0) writer.evaluation(evaluation(i));
    }
    await writer.close();
    expect((await stat(file)).size).toBeLessThan(5 * 2 ** 20);
    const { points, evaluations } = await readHistoryFile(file);
    expect(evaluations.map((e) => e.iteration)).toEqual(Array.from({ length: 20 }, (_, k) => k * 3_000));
    expect(points.slice(0, HISTORY_DENSE_POINTS).map((p) => p.iteration)).toEqual(
      Array.from({ length: HISTORY_DENSE_POINTS }, (_, i) => i),
    );
    expect(points.at(-1)).toEqual(point(total - 1));
    // Thinned geometrically: no gap wider than ~1 % of where it starts.
    for (let k = 1; k < points.length - 1; k++)
      expect(points[k]!.iteration - points[k - 1]!.iteration).toBeLessThanOrEqual(
        Math.ceil(points[k - 1]!.iteration * 0.01) + 1,
      );
    expect(points.length).toBeLessThan(1_200);
  });

  it('writes a short run in full', async () => {
    const file = path.join(dir, 'run-1.jsonl');
    const writer = new HistoryFileWriter(file);
    for (let i = 0; i < 50; i++) writer.point(point(i));
    await writer.close();
    expect((await readHistoryFile(file)).points.map((p) => p.iteration)).toEqual(
      Array.from({ length: 50 }, (_, i) => i),
    );
  });
});
