import type { PreparedSplit } from '../main/core/data/prepared-task.js';
import { selectBackend } from '../main/core/engine/backend.js';
import { buildConstraintPlan } from '../main/core/constraints/constraint-plan.js';
import { countDeviceWork } from '../main/core/engine/device-counters.js';
import { createConstraintTensors } from '../main/core/engine/group-stats.js';
import { createMlp, initialWeights } from '../main/core/engine/model.js';
import { Rng } from '../main/core/engine/rng.js';
import { BatchSampler } from '../main/core/engine/sampler.js';
import { createSolver } from '../main/core/engine/solvers/index.js';
import type { ConcreteBackend } from '../shared/fairness.js';

/**
 * The GPU comparison step (docs/benchmarks/gpu-2026-11-30.md; its PyTorch twin is bench/gpu-machine/pytorch_step.py):
 * MLP d-64-32-1 on synthetic data (d = 54, two equal groups), the exact-penalty solver's step = BCE on B objective rows
 * + w·max(0, loss gap − δ) on a constraint sample of B/2 rows per group, so 2B rows per step. Per batch size: ms/step
 * and samples/s (objective rows) over a timed window after warm-up, and on webgpu the dispatches, submissions and
 * GPU→CPU reads per step. One JSON line per batch size on stdout.
 * Usage: tsx bench/gpu-step.ts [backend] [--batches=4096,65536,1048576] [--seconds=3]
 */
const args = process.argv.slice(2);
const option = (name: string, fallback: string): string =>
  args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const backend = (args.find((a) => !a.startsWith('--')) ?? 'webgpu') as ConcreteBackend;
const batches = option('batches', '4096,65536,1048576').split(',').map(Number);
const seconds = Number(option('seconds', '3'));
const FEATURES = 54;
const HIDDEN = [64, 32];

function syntheticSplit(rows: number): PreparedSplit {
  const rng = new Rng(1);
  const features = Float32Array.from({ length: rows * FEATURES }, () => rng.normal());
  const groups = Int32Array.from({ length: rows }, (_, i) => i % 2);
  const labels = Float32Array.from({ length: rows }, (_, i) => (rng.float() < (groups[i] ? 0.3 : 0.5) ? 1 : 0));
  return { rows, features, labels, groups, sourceRows: Int32Array.from({ length: rows }, (_, i) => i) };
}

const selection = await selectBackend(backend);
if (selection.backend !== backend) {
  console.error(`${backend} is unavailable: ${selection.notes.join('; ')}`);
  process.exit(1);
}
console.error(`# ${selection.device}`);
const split = syntheticSplit(1 << 18);
const groups = [0, 1].map((g) => ({ name: `g${g}`, parts: [`g${g}`], trainCount: split.rows / 2, small: false }));
const plan = buildConstraintPlan([{ kind: 'loss-gap', topology: 'pairwise', tolerance: 0.01 }], groups);
for (const batch of batches) {
  const rng = new Rng(0);
  const model = createMlp(FEATURES, HIDDEN, initialWeights(FEATURES, HIDDEN, rng));
  const solver = await createSolver('penalty', {
    model,
    sampler: new BatchSampler(split, FEATURES, plan.slots, rng),
    logSampler: new BatchSampler(split, FEATURES, plan.slots, new Rng(2)),
    plan,
    constraints: createConstraintTensors(plan),
    params: { lr: 0.01, weight: 1 },
    batchSize: batch,
    constraintBatchSize: batch / 2,
    rng,
  });
  for (let i = 0; i < 3; i++) await solver.step(false);
  await model.variables[0]!.data();
  const counter = countDeviceWork();
  let steps = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000 || steps < 3) {
    await solver.step(false);
    steps++;
  }
  const counts = counter ? { ...counter.counts } : null;
  counter?.stop();
  await model.variables[0]!.data();
  const ms = (performance.now() - start) / steps;
  const per = (x: number | undefined): number | null => (x === undefined ? null : x / steps);
  console.log(
    JSON.stringify({
      impl: 'fairbound',
      backend,
      device: selection.device,
      batch,
      rowsPerStep: 2 * batch,
      steps,
      msPerStep: ms,
      samplesPerSecond: (batch * 1000) / ms,
      dispatchesPerStep: per(counts?.dispatches),
      submitsPerStep: per(counts?.submits),
      readbacksPerStep: per(counts?.readbacks),
    }),
  );
  solver.dispose();
}
process.exit(0);
