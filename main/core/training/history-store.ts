import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  evaluationPointSchema,
  historyPointSchema,
  resultsSchema,
  type EvaluationPoint,
  type HistoryPoint,
  type Results,
} from '../../../shared/config/results.js';
import type { HistoryRun } from '../../../shared/ipc/channels/training.js';
import { decimate } from '../../../shared/decimate.js';

/** results.json of a job folder, or null when the job wrote none (failed before its first run finished). */
export async function readResults(outDir: string): Promise<Results | null> {
  let text: string;
  try {
    text = await readFile(path.join(outDir, 'results.json'), 'utf8');
  } catch {
    return null;
  }
  return resultsSchema.parse(JSON.parse(text));
}

/** One history file: JSON lines of HistoryPoint and EvaluationPoint (the latter carry a split); bad lines are skipped. */
export async function readHistoryFile(
  file: string,
): Promise<{ points: HistoryPoint[]; evaluations: EvaluationPoint[] }> {
  const points: HistoryPoint[] = [];
  const evaluations: EvaluationPoint[] = [];
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return { points, evaluations };
  }
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      continue;
    }
    const isEvaluation = typeof value === 'object' && value !== null && 'split' in value;
    if (isEvaluation) {
      const parsed = evaluationPointSchema.safeParse(value);
      if (parsed.success) evaluations.push(parsed.data);
    } else {
      const parsed = historyPointSchema.safeParse(value);
      if (parsed.success) points.push(parsed.data);
    }
  }
  return { points, evaluations };
}

/**
 * The stored history of a job's runs, decimated. Runs listed in results.json come first; history files of runs that
 * never reached results.json (an interrupted job) are read from history/run-<i>.jsonl.
 */
export async function readJobHistory(outDir: string, maxPoints: number): Promise<HistoryRun[]> {
  const files = new Map<number, string>();
  const results = await readResults(outDir).catch(() => null);
  results?.runs.forEach((run, i) => files.set(i, path.resolve(outDir, run.history)));
  const historyDir = path.join(outDir, 'history');
  const names = await readdir(historyDir).catch(() => [] as string[]);
  for (const name of names) {
    const m = /^run-(\d+)\.jsonl$/.exec(name);
    if (m && !files.has(Number(m[1]))) files.set(Number(m[1]), path.join(historyDir, name));
  }
  const runs: HistoryRun[] = [];
  for (const [runIndex, file] of [...files.entries()].sort(([a], [b]) => a - b)) {
    const { points, evaluations } = await readHistoryFile(file);
    runs.push({ runIndex, points: decimate(points, maxPoints), evaluations: decimate(evaluations, maxPoints) });
  }
  return runs;
}
