import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PreparedSplit, PreparedTask } from '../main/core/data/prepared-task.js';
import { selectBackend } from '../main/core/engine/backend.js';
import { EVALUATION_SHARE } from '../main/core/engine/evaluation-schedule.js';
import { runTrainingJob } from '../main/core/engine/job.js';
import { loadAcsSampleTask } from '../test/helpers/acs-sample-task.js';

/**
 * Share of a timed run spent in full-split evaluations, by data size (issue #12: at most 10 % at any size, and a live
 * point every 2 s while that is affordable). SSL-ALM on the paper task, three-way split, the sample tiled ×1, ×4, ×16
 * (17.9k to 287k rows). Prints rows, training seconds, evaluation seconds, the share, the number of evaluations and
 * the longest training time between two of them.
 * Usage: tsx bench/evaluation.ts [--seconds=8] [--backend=wasm]
 */
const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const seconds = Number(option('seconds', '8'));
const backend = option('backend', 'wasm') as 'wasm';

function tile(split: PreparedSplit, times: number): PreparedSplit {
  const repeat = <T extends Float32Array | Int32Array>(a: T, make: (n: number) => T): T => {
    const out = make(a.length * times);
    for (let k = 0; k < times; k++) out.set(a, k * a.length);
    return out;
  };
  return {
    rows: split.rows * times,
    features: repeat(split.features, (n) => new Float32Array(n)),
    labels: repeat(split.labels, (n) => new Float32Array(n)),
    groups: repeat(split.groups, (n) => new Int32Array(n)),
    sourceRows: repeat(split.sourceRows, (n) => new Int32Array(n)),
  };
}

/** The sample task with every fourth training row moved to validation, then every split tiled. */
function task(times: number): PreparedTask {
  const t = loadAcsSampleTask({ solver: { name: 'ssl-alm', batchSize: 8, params: {} }, budget: { seconds }, runs: 1, backend });
  const pick = (keep: (i: number) => boolean): PreparedSplit => {
    const rows = Array.from({ length: t.train.rows }, (_, i) => i).filter(keep);
    const f = t.featureNames.length;
    const features = new Float32Array(rows.length * f);
    rows.forEach((r, k) => features.set(t.train.features.subarray(r * f, (r + 1) * f), k * f));
    return { rows: rows.length, features, labels: Float32Array.from(rows, (r) => t.train.labels[r]!), groups: Int32Array.from(rows, (r) => t.train.groups[r]!), sourceRows: Int32Array.from(rows, (r) => t.train.sourceRows[r]!) };
  };
  const validation = pick((i) => i % 4 === 0);
  const train = pick((i) => i % 4 !== 0);
  return { ...t, train: tile(train, times), validation: tile(validation, times), test: tile(t.test, times) };
}

await selectBackend(backend);
const dir = await mkdtemp(path.join(tmpdir(), 'fairbound-bench-eval-'));
const rows: string[][] = [];
for (const times of [1, 4, 16]) {
  const t = task(times);
  const out = path.join(dir, `x${times}`);
  const run = (await runTrainingJob(t, out, () => {})).runs[0]!;
  const points = (await readFile(path.join(out, 'history', 'run-0.jsonl'), 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { type: string; split?: string; seconds: number })
    .filter((p) => p.type === 'evaluation' && p.split === 'train')
    .map((p) => p.seconds);
  const gaps = points.slice(1).map((s, i) => s - points[i]!);
  const evaluation = run.evaluationSeconds ?? 0;
  rows.push([
    String(t.train.rows + t.validation!.rows + t.test.rows),
    run.seconds.toFixed(1),
    evaluation.toFixed(2),
    `${((100 * evaluation) / (evaluation + run.seconds)).toFixed(1)} %`,
    String(points.length),
    gaps.length ? Math.max(...gaps).toFixed(1) : '–',
  ]);
}
await rm(dir, { recursive: true, force: true });
const header = ['rows', 'training s', 'evaluation s', 'evaluation share', 'evaluations', 'longest gap s'];
process.stdout.write(`Evaluation share of a ${seconds} s SSL-ALM run on ${backend} (target ≤ ${EVALUATION_SHARE * 100} % once a run fits its start and final evaluations)\n\n`);
process.stdout.write([header, header.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n') + '\n');
