import { afterAll, describe, expect, it } from 'vitest';
import { GRADIENT_SOLVER_NAMES, type ConcreteBackend, type GradientSolverName } from '../../shared/fairness.js';
import { selectBackend } from '../../main/core/engine/backend.js';
import { buildConstraintPlan } from '../../main/core/constraints/constraint-plan.js';
import { countDeviceWork, type DeviceCounts } from '../../main/core/engine/device-counters.js';
import { initialWeights, snapshot } from '../../main/core/engine/model.js';
import { Rng } from '../../main/core/engine/rng.js';
import { tf } from '../../main/core/engine/tf.js';
import { setUpTraining } from '../../main/core/engine/training-setup.js';
import { loadAcsSampleTask } from '../helpers/acs-sample-task.js';
import { swiftShaderMissing } from './swiftshader.js';

/**
 * Every solver's step on webgpu against the same seeded steps on wasm (small problem: 2,000 rows of the sample,
 * MLP 9-8-1, batch 16), with the device counted: zero GPU→CPU reads in a steady-state (non-logging) step, no tensor
 * and no GPU-buffer leak. Stochastic Ghost solves its subproblems on the host, so it reads back by design.
 */
/** Steps that compile pipelines and allocate state (GDA's multipliers get their GPU buffer in step 2), then steady ones. */
const WARM_UP = 2;
const STEADY = 3;
/**
 * Relative to how far each tensor moved: float32 arithmetic in a different order (GPU matMul tiling vs wasm's XNNPACK)
 * over WARM_UP + STEADY steps.
 */
const TOLERANCE = 1e-3;
const HIDDEN = [8];

interface Outcome {
  weights: Float32Array[];
  counts: DeviceCounts | null;
  tensorsAdded: number;
  buffersAdded: number | null;
}

const task = loadAcsSampleTask({}, 2000);
const plan = buildConstraintPlan(task.config.constraints, task.groups);

async function seededSteps(backend: ConcreteBackend, name: GradientSolverName): Promise<Outcome> {
  const selection = await selectBackend(backend);
  expect(selection.backend).toBe(backend);
  const batchSize = name === 'stochastic-ghost' ? 1 : 16;
  const config = { ...task.config, model: { hidden: HIDDEN }, solver: { name, batchSize, params: {} } };
  const { model, solver, dispose } = await setUpTraining({ ...task, config }, plan, 7);
  for (let i = 0; i < WARM_UP; i++) await solver.step(false);
  await snapshot(model);
  const counter = countDeviceWork();
  const tensorsBefore = tf.memory().numTensors;
  const buffersBefore = counter?.buffersInUse() ?? null;
  for (let i = 0; i < STEADY; i++) await solver.step(false);
  const counts = counter ? { ...counter.counts } : null;
  const weights = await snapshot(model);
  const outcome: Outcome = {
    weights,
    counts,
    tensorsAdded: tf.memory().numTensors - tensorsBefore,
    buffersAdded: counter && buffersBefore !== null ? counter.buffersInUse() - buffersBefore : null,
  };
  counter?.stop();
  dispose();
  return outcome;
}

describe.skipIf(swiftShaderMissing !== null)('every solver on webgpu (SwiftShader) agrees with wasm', () => {
  afterAll(async () => {
    await selectBackend('wasm');
  });

  it.each(GRADIENT_SOLVER_NAMES)(
    '%s: same parameter updates after seeded steps, no readback in a step, no leak',
    async (name) => {
      const reference = await seededSteps('wasm', name);
      const gpu = await seededSteps('webgpu', name);
      // Per weight tensor, the GPU's displacement from the start matches wasm's to TOLERANCE of its size: a wrong gradient
      // in any tensor (a bias's included) shows even where the step size makes the parameters move little.
      const initial = initialWeights(9, HIDDEN, new Rng(7));
      gpu.weights.forEach((w, i) => {
        let moved = 0;
        let apart = 0;
        w.forEach((v, j) => {
          moved = Math.max(moved, Math.abs(reference.weights[i]![j]! - initial[i]![j]!));
          apart = Math.max(apart, Math.abs(v - reference.weights[i]![j]!));
        });
        expect(moved, `tensor ${i} did not move`).toBeGreaterThan(1e-6);
        expect(apart, `tensor ${i}: ${apart} apart after moving ${moved}`).toBeLessThan(TOLERANCE * moved + 1e-7);
      });

      expect(gpu.counts!.dispatches).toBeGreaterThan(0);
      if (name === 'stochastic-ghost') expect(gpu.counts!.readbacks).toBeGreaterThan(0);
      else expect(gpu.counts!.readbacks).toBe(0);
      expect(gpu.tensorsAdded).toBe(0);
      expect(gpu.buffersAdded).toBe(0);
    },
  );
});
