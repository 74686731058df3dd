import { fileURLToPath } from 'node:url';
import {
  AUTO_BACKEND_ORDER,
  GRADIENT_SOLVER_NAMES,
  type ConcreteBackend,
  type GradientSolverName,
} from '../shared/fairness.js';
import { SOLVERS } from '../shared/solvers.js';
import { paperTaskConfig, SAMPLE_DATASET_FILE } from '../shared/config/task-config.js';
import { selectBackend } from '../main/core/engine/backend.js';
import { buildConstraintPlan } from '../main/core/constraints/constraint-plan.js';
import { countDeviceWork } from '../main/core/engine/device-counters.js';
import { tf } from '../main/core/engine/tf.js';
import { setUpTraining } from '../main/core/engine/training-setup.js';
import { prepareTask } from '../main/core/data/prepare.js';

/**
 * Engine throughput on the paper task (ACSIncome-OK, MLP 9-64-32-1, loss-gap constraint): per backend, samples/s of
 * an SGD step at batch 64 / 1024 / 16384, and iterations/s of every solver at its default batch size, each the median
 * of `--repeats` timed windows (this machine's timings vary by ±30 % between windows), with the tensor count change
 * over all of a solver's timed steps (a leak shows as a positive number). On webgpu it also counts, per steady-state
 * step of every solver, the GPU dispatches, queue submissions and GPU→CPU reads (device-counters.ts): these do not
 * depend on the hardware, so SwiftShader's figures hold for any GPU.
 * Usage: tsx bench/engine.ts [backend ...] [--seconds=2] [--repeats=3] [--batches=64,1024,16384] (default backends:
 * webgpu, wasm, cpu; an unavailable one prints why). For the one-core figures of issue #7 pin the process:
 * `taskset -c 0 npm run bench -- engine`. On a software adapter (SwiftShader) use small --batches and --seconds.
 */
const args = process.argv.slice(2);
const option = (name: string, fallback: number): number =>
  Number(args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const seconds = option('seconds', 2);
const repeats = option('repeats', 3);
const batches = (args.find((a) => a.startsWith('--batches='))?.split('=')[1] ?? '64,1024,16384').split(',').map(Number);
const named = args.filter((a) => !a.startsWith('--')) as ConcreteBackend[];
const backends: readonly ConcreteBackend[] = named.length ? named : AUTO_BACKEND_ORDER;
// The product's own data pipeline on the bundled sample, as `fairbound bench paper` prepares it.
const task = await prepareTask(
  paperTaskConfig(fileURLToPath(new URL(`../resources/sample/${SAMPLE_DATASET_FILE}`, import.meta.url))),
);
const plan = buildConstraintPlan(task.config.constraints, task.groups);

interface Measurement {
  rates: number[];
  tensorsAdded: number;
  steps: number;
}

/** A run's model and solver (training-setup.ts) for the paper task with `name` at `batchSize`. */
function setUp(name: GradientSolverName, batchSize: number) {
  const config = { ...task.config, solver: { name, batchSize, params: {} } };
  return setUpTraining({ ...task, config }, plan, 0);
}

/** GPU work per steady-state step (after warm-up steps that compile pipelines and allocate state), over `steps` steps. */
async function devicePerStep(name: GradientSolverName, batchSize: number, steps: number): Promise<string> {
  const { model, solver, dispose } = await setUp(name, batchSize);
  for (let i = 0; i < 2; i++) await solver.step(false);
  await model.variables[0]!.data();
  const counter = countDeviceWork()!;
  for (let i = 0; i < steps; i++) await solver.step(false);
  const { dispatches, submits, readbacks } = counter.counts;
  counter.stop();
  await model.variables[0]!.data();
  dispose();
  const per = (x: number): string => (x / steps).toFixed(x % steps ? 1 : 0);
  return `| ${name} (batch ${batchSize}) | ${per(dispatches)} | ${per(submits)} | ${per(readbacks)} |`;
}

async function measure(name: GradientSolverName, batchSize: number, budget: number): Promise<Measurement> {
  const { model, solver, dispose } = await setUp(name, batchSize);
  for (let i = 0; i < 5; i++) await solver.step(false);
  await model.variables[0]!.data();
  const tensorsBefore = tf.memory().numTensors;
  const rates: number[] = [];
  let steps = 0;
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    let n = 0;
    while (performance.now() - start < budget * 1000) {
      await solver.step(false);
      n++;
    }
    await model.variables[0]!.data();
    rates.push(n / ((performance.now() - start) / 1000));
    steps += n;
  }
  const tensorsAdded = tf.memory().numTensors - tensorsBefore;
  dispose();
  return { rates, tensorsAdded, steps };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const range = (xs: number[], digits: number): string =>
  `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}`;
const thousands = (x: number): string => Math.round(x).toLocaleString('en');

for (const choice of backends) {
  const sel = await selectBackend(choice);
  if (sel.backend !== choice) {
    console.log(`\n${choice}: unavailable (${sel.notes.join('; ')})`);
    continue;
  }
  console.log(`\n## ${sel.backend} — ${sel.device} (median of ${repeats} × ${seconds} s)`);
  if (sel.backend === 'webgpu') {
    console.log(
      '| solver (default batch), MLP 64-32 | GPU dispatches / step | queue submits / step | GPU→CPU reads / step |\n|---|---|---|---|',
    );
    for (const name of GRADIENT_SOLVER_NAMES)
      console.log(await devicePerStep(name, SOLVERS[name].batchSize, name === 'stochastic-ghost' ? 2 : 5));
    console.log('');
  }
  console.log('| SGD step, MLP 64-32 | samples/s | range |\n|---|---|---|');
  for (const batch of batches) {
    const { rates } = await measure('sgd', batch, seconds);
    const samples = rates.map((r) => r * batch);
    console.log(
      `| batch ${batch} | ${thousands(median(samples))} | ${thousands(Math.min(...samples))}–${thousands(Math.max(...samples))} |`,
    );
  }
  // No "× reference" column: the reference code's speed was measured on another machine, and a ratio against a
  // constant from elsewhere says nothing about this one. Compare with the reference run on the same core instead.
  console.log('\n| solver (default batch) | it/s | range | tensors added over all timed steps |\n|---|---|---|---|');
  for (const name of GRADIENT_SOLVER_NAMES) {
    const batch = SOLVERS[name].batchSize;
    const ghost = name === 'stochastic-ghost';
    const m = await measure(name, batch, ghost ? Math.max(seconds, 3) : seconds);
    console.log(
      `| ${name} (batch ${batch}) | ${median(m.rates).toFixed(ghost ? 2 : 0)} | ${range(m.rates, ghost ? 1 : 0)} | ${m.tensorsAdded} over ${thousands(m.steps)} |`,
    );
  }
}
