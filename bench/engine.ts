import { SOLVER_NAMES, type ConcreteBackend, type SolverName } from '../shared/fairness.js';
import { resolveSolverParams, SOLVERS } from '../shared/solvers.js';
import { selectBackend } from '../main/core/engine/backend.js';
import { buildConstraintPlan } from '../main/core/engine/constraint-plan.js';
import { createConstraintTensors, disposeConstraintTensors } from '../main/core/engine/group-stats.js';
import { createMlp, initialWeights } from '../main/core/engine/model.js';
import { Rng } from '../main/core/engine/rng.js';
import { BatchSampler } from '../main/core/engine/sampler.js';
import { createSolver } from '../main/core/engine/solvers/index.js';
import { tf } from '../main/core/engine/tf.js';
import { loadAcsSampleTask } from '../test/helpers/acs-sample-task.js';

/**
 * Engine throughput on the paper task (ACSIncome-OK, MLP 9-64-32-1, loss-gap constraint): per backend, samples/s of
 * an SGD step at batch 64 / 1024 / 16384, and iterations/s of every solver at its default batch size.
 * Usage: tsx bench/engine.ts [backend ...] [--seconds=2] (default backends: webgpu, wasm, cpu; an unavailable one prints why)
 */
const args = process.argv.slice(2);
const seconds = Number(args.find((a) => a.startsWith('--seconds='))?.split('=')[1] ?? 2);
const backends = (args.filter((a) => !a.startsWith('--')) as ConcreteBackend[]).length ? (args.filter((a) => !a.startsWith('--')) as ConcreteBackend[]) : (['webgpu', 'wasm', 'cpu'] as ConcreteBackend[]);
const task = loadAcsSampleTask();
const plan = buildConstraintPlan(task.config.constraints, task.groups);

async function itPerSecond(name: SolverName, batchSize: number, budget: number): Promise<number> {
  const rng = new Rng(0);
  const model = createMlp(9, [64, 32], initialWeights(9, [64, 32], rng));
  const constraints = createConstraintTensors(plan);
  const solver = await createSolver(name, {
    model, sampler: new BatchSampler(task.train, 9, plan.slots, rng), logSampler: new BatchSampler(task.train, 9, plan.slots, new Rng(1)), plan, constraints,
    params: resolveSolverParams(name, {}).params, batchSize, constraintBatchSize: batchSize, rng,
  });
  for (let i = 0; i < 5; i++) solver.step(false);
  await model.variables[0]!.data();
  const start = performance.now();
  let n = 0;
  while (performance.now() - start < budget * 1000) {
    solver.step(false);
    n++;
  }
  await model.variables[0]!.data();
  const rate = n / ((performance.now() - start) / 1000);
  solver.dispose();
  disposeConstraintTensors(constraints);
  tf.dispose(model.variables);
  return rate;
}

for (const choice of backends) {
  const sel = await selectBackend(choice);
  if (sel.backend !== choice) {
    console.log(`\n${choice}: unavailable (${sel.notes.join('; ')})`);
    continue;
  }
  console.log(`\n## ${sel.backend} — ${sel.device}`);
  console.log('| SGD step, MLP 64-32 | samples/s |\n|---|---|');
  for (const batch of [64, 1024, 16384]) {
    const rate = await itPerSecond('sgd', batch, seconds);
    console.log(`| batch ${batch} | ${Math.round(rate * batch).toLocaleString('en')} |`);
  }
  console.log('\n| solver (default batch) | it/s |\n|---|---|');
  for (const name of SOLVER_NAMES) {
    const batch = SOLVERS[name].batchSize;
    const rate = await itPerSecond(name, batch, name === 'stochastic-ghost' ? Math.max(seconds, 3) : seconds);
    console.log(`| ${name} (batch ${batch}) | ${rate.toFixed(name === 'stochastic-ghost' ? 2 : 0)} |`);
  }
}
