import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { evaluationPointSchema, type EvaluationPoint, type Results } from '../../../shared/config/results.js';
import type { Series } from './convergence.js';

/** The full-data evaluation points of one split from a history file (JSON lines; other lines are skipped). */
export async function readEvaluations(file: string, split: EvaluationPoint['split']): Promise<EvaluationPoint[]> {
  const text = await readFile(file, 'utf8');
  const points: EvaluationPoint[] = [];
  for (const line of text.split('\n')) {
    if (!line.includes('"type":"evaluation"')) continue;
    const parsed = evaluationPointSchema.safeParse(JSON.parse(line));
    if (parsed.success && parsed.data.split === split) points.push(parsed.data);
  }
  return points.sort((a, b) => a.seconds - b.seconds);
}

export interface RunTrajectories {
  loss: Series;
  /** The loss-gap constraint's measured value (|L_a − L_b|) on the full split. */
  lossGap: Series;
}

/** Train-split loss and loss gap over time for every run of a results folder. */
export async function trainTrajectories(resultsDir: string, results: Results): Promise<RunTrajectories[]> {
  const gapIndex = results.constraintNames.findIndex((n) => n.startsWith('loss-gap'));
  return Promise.all(
    results.runs.map(async (run) => {
      const points = await readEvaluations(path.join(resultsDir, run.history), 'train');
      const gapPoints = points.filter((p) => gapIndex >= 0 && typeof p.constraintValues[gapIndex] === 'number');
      return {
        loss: { seconds: points.map((p) => p.seconds), values: points.map((p) => p.loss) },
        lossGap: {
          seconds: gapPoints.map((p) => p.seconds),
          values: gapPoints.map((p) => p.constraintValues[gapIndex]!),
        },
      };
    }),
  );
}
