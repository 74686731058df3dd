/**
 * Audit speed: computeAudit on arrays shaped like the bundled sample (train 12.5k, validation 1.8k, test 3.6k rows;
 * sex × race = 8 groups, 3 tables per split), and on a many-group case, at several bootstrap sizes.
 * Run: npx tsx bench/audit.ts
 */
import { computeAudit, type AuditData } from '../main/core/audit/compute-audit.js';
import { mulberry32 } from '../shared/random.js';

function split(rows: number, groups: number, random: () => number) {
  const probs = new Float32Array(rows),
    labels = new Float32Array(rows),
    ids = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    ids[i] = Math.floor(random() ** 2 * groups);
    labels[i] = random() < 0.3 ? 1 : 0;
    probs[i] = Math.min(0.99, Math.max(0.01, 0.3 * labels[i]! + 0.6 * random()));
  }
  return { probs, labels, groups: ids };
}

function data(a: number, b: number): AuditData {
  const random = mulberry32(1);
  const groups = [];
  for (let i = 0; i < a; i++)
    for (let j = 0; j < b; j++) groups.push({ name: `a${i} × b${j}`, parts: [`a${i}`, `b${j}`], small: false });
  const G = groups.length;
  return {
    attributes: [
      { name: 'A', column: 'SEX' },
      { name: 'B', column: 'RAC1P' },
    ],
    groups,
    minSize: 30,
    constraints: [
      { kind: 'loss-gap', topology: 'pairwise', tolerance: 0.05 },
      { kind: 'positive-rate-gap', topology: 'each-vs-overall', tolerance: 0.1 },
    ],
    train: split(12_541, G, random),
    validation: split(1_792, G, random),
    test: split(3_584, G, random),
  };
}

const run = {
  ref: 'bench/0',
  label: 'bench',
  solver: 'sgd',
  params: {},
  seed: 0,
  status: 'completed',
  iterations: 0,
  seconds: 0,
  selectedIteration: 0,
  selectionRule: 'last',
  selectionSplit: 'train',
};
const rows: string[][] = [];
for (const [a, b] of [
  [2, 4],
  [5, 18],
] as const) {
  const d = data(a, b);
  for (const resamples of [0, 200, 1000]) {
    const t0 = performance.now();
    computeAudit(d, run, { threshold: 0.5, bootstrap: { resamples, seed: 1, confidence: 0.95 } });
    rows.push([`${a}×${b} = ${a * b} groups`, String(resamples), `${((performance.now() - t0) / 1000).toFixed(2)} s`]);
  }
}
console.log('| groups | resamples | computeAudit (train+validation+test) |\n|---|---|---|');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
