import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PreparedSplit, PreparedTask } from '../main/core/data/prepared-task.js';
import { selectBackend } from '../main/core/engine/backend.js';
import { EVALUATION_SHARE } from '../main/core/engine/evaluation-schedule.js';
import { runTrainingJob } from '../main/core/engine/job.js';
import { fileURLToPath } from 'node:url';
import { paperTaskConfig, SAMPLE_DATASET_FILE, taskConfigSchema } from '../shared/config/task-config.js';
import { prepareTask } from '../main/core/data/prepare.js';

/**
 * Share of a timed run spent in full-split evaluations, by data size (issue #12: at most 10 % at any size, and a live
 * point every 2 s while that is affordable). SSL-ALM on the paper task, three-way split (60/20/20), the sample tiled ×1, ×4, ×16
 * (17.9k to 287k rows). Prints rows, training seconds, evaluation seconds, the share, the number of evaluations and
 * the longest training time between two of them.
 * Usage: tsx bench/evaluation.ts [--seconds=8] [--backend=wasm]
 */
const args = process.argv.slice(2);
const option = (name: string, fallback: string): string =>
  args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
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
    features: repeat(split.features!, (n) => new Float32Array(n)),
    labels: repeat(split.labels, (n) => new Float32Array(n)),
    groups: repeat(split.groups, (n) => new Int32Array(n)),
    sourceRows: repeat(split.sourceRows, (n) => new Int32Array(n)),
  };
}

/** The paper task on the bundled sample through the product's own pipeline, with a validation split, then tiled. */
const samplePath = fileURLToPath(new URL(`../resources/sample/${SAMPLE_DATASET_FILE}`, import.meta.url));
const base = await prepareTask(
  taskConfigSchema.parse({
    ...paperTaskConfig(samplePath),
    split: { test: 0.2, validation: 0.2, seed: 42, stratify: true },
    solver: { name: 'ssl-alm', batchSize: 8, params: {} },
    budget: { seconds },
    runs: 1,
    backend,
  }),
);

function task(times: number): PreparedTask {
  return {
    ...base,
    train: tile(base.train, times),
    validation: tile(base.validation!, times),
    test: tile(base.test, times),
  };
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
process.stdout.write(
  `Evaluation share of a ${seconds} s SSL-ALM run on ${backend} (target ≤ ${EVALUATION_SHARE * 100} % once a run fits its start and final evaluations)\n\n`,
);
process.stdout.write([header, header.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n') + '\n');
