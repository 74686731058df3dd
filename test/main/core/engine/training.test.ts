import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resultsSchema } from '../../../../shared/config/results.js';
import { GRADIENT_SOLVER_NAMES, type SolverName } from '../../../../shared/fairness.js';
import { selectBackend } from '../../../../main/core/engine/backend.js';
import { buildConstraintPlan } from '../../../../main/core/constraints/constraint-plan.js';
import { runTrainingJob } from '../../../../main/core/engine/job.js';
import { predictFromDir } from '../../../../main/core/engine/predict.js';
import { createInProcessEngineHost } from '../../../../main/core/engine/in-process-host.js';
import { tf } from '../../../../main/core/engine/tf.js';
import { setUpTraining } from '../../../../main/core/engine/training-setup.js';
import { loadAcsSampleTask } from '../../../helpers/acs-sample-task.js';

let dir: string;
beforeAll(async () => {
  await selectBackend('wasm');
  dir = await mkdtemp(path.join(tmpdir(), 'fairbound-engine-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('solvers on the ACSIncome-OK sample', () => {
  const task = loadAcsSampleTask();

  // Ghost's steps solve an LP and a QP four times each on the host, so it takes fewer of them.
  it.each(GRADIENT_SOLVER_NAMES)('%s: steps leak no tensors', async (name) => {
    const steps = name === 'stochastic-ghost' ? { warmup: 2, measured: 10 } : { warmup: 20, measured: 200 };
    const plan = buildConstraintPlan(task.config.constraints, task.groups);
    const config = { ...task.config, model: { hidden: [64, 32] }, solver: { name, batchSize: 8, params: {} } };
    const { solver, dispose } = await setUpTraining({ ...task, config }, plan, 1);
    const warm = async (n: number): Promise<void> => {
      for (let i = 0; i < n; i++) {
        const out = await solver.step(i % 10 === 0);
        if (out) tf.dispose([out.loss, out.rows ?? [], out.multipliers ?? []]);
      }
    };
    await warm(steps.warmup);
    const before = tf.memory().numTensors;
    await warm(steps.measured);
    expect(tf.memory().numTensors).toBe(before);
    dispose();
  });

  it('constrained training shrinks the loss gap compared with unconstrained SGD (real data, short budget)', async () => {
    const gap = async (solver: SolverName): Promise<number> => {
      const t = loadAcsSampleTask({
        solver: { name: solver, batchSize: 8, params: {} },
        budget: { iterations: 3000 },
        runs: 1,
        backend: 'wasm',
        selection: 'last',
      });
      const results = await runTrainingJob(t, path.join(dir, solver), () => {});
      const run = results.runs[0]!;
      expect(run.status).toBe('completed');
      return run.train.summary.lossGap!;
    };
    const sgd = await gap('sgd');
    const sslAlm = await gap('ssl-alm');
    expect(sslAlm).toBeLessThan(sgd);
  });

  it('writes results.json, history, a loadable model and aligned predictions', async () => {
    const t = loadAcsSampleTask({
      solver: { name: 'switching-subgradient', batchSize: 16, params: {} },
      budget: { iterations: 400 },
      runs: 2,
      backend: 'wasm',
    });
    const out = path.join(dir, 'artifacts');
    const updates: number[] = [];
    const results = await runTrainingJob(t, out, (p) => updates.push(p.fraction));
    expect(resultsSchema.safeParse(JSON.parse(await readFile(path.join(out, 'results.json'), 'utf8'))).success).toBe(
      true,
    );
    expect(results.runs.map((r) => r.seed)).toEqual([0, 1]);
    expect(results.constraintNames).toEqual(['loss-gap: White vs Non-white']);
    const lines = (await readFile(path.join(out, 'history', 'run-0.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string });
    expect(lines.some((l) => l.type === 'evaluation')).toBe(true);
    const saved = await readFile(path.join(out, 'predictions', 'run-1', 'test.f32'));
    const probs = new Float32Array(saved.buffer, saved.byteOffset, saved.byteLength / 4);
    expect(probs.length).toBe(t.test.rows);
    const again = await predictFromDir(path.join(out, 'models', 'run-1'), t.test.features!, t.test.rows);
    for (let i = 0; i < probs.length; i += 97) expect(again[i]).toBeCloseTo(probs[i]!, 4);
    expect(updates.at(-1)).toBe(1);
  });

  it.each(['ssl-alm', 'sgd'] as const)(
    '%s: the same seed gives the same history and model on the same backend',
    async (solver) => {
      const once = async (sub: string) => {
        const t = loadAcsSampleTask({
          solver: { name: solver, batchSize: 8, params: {} },
          budget: { iterations: 300 },
          runs: 1,
          backend: 'wasm',
        });
        const run = (await runTrainingJob(t, path.join(dir, sub), () => {})).runs[0]!;
        const history = (await readFile(path.join(dir, sub, 'history', 'run-0.jsonl'), 'utf8'))
          .trim()
          .split('\n')
          .map((l) => {
            const { seconds: _s, ...rest } = JSON.parse(l) as { seconds: number };
            return rest;
          });
        return { loss: run.train.loss, selectedIteration: run.selectedIteration, history };
      };
      const a = await once(`${solver}-a`);
      const b = await once(`${solver}-b`);
      expect(b).toEqual(a);
      expect(a.history.length).toBeGreaterThan(10);
    },
  );

  it('the in-process host runs a job and honours pause and resume', async () => {
    const host = createInProcessEngineHost();
    const t = loadAcsSampleTask({
      solver: { name: 'gda', batchSize: 8, params: {} },
      budget: { iterations: 400 },
      runs: 1,
      backend: 'wasm',
    });
    const phases = new Set<string>();
    let paused = false;
    const job = host.start({ task: t, outDir: path.join(dir, 'host') }, (p) => {
      phases.add(p.phase);
      if (!paused && p.phase === 'training') {
        paused = true;
        job.pause();
        setTimeout(() => job.resume(), 300);
      }
    });
    const results = await job.done;
    expect(results.runs[0]!.iterations).toBe(400);
    expect(phases.has('paused')).toBe(true);
    await host.dispose();
  });

  it('stops a diverging run with status diverged and keeps the last good (finite) model', async () => {
    const t = loadAcsSampleTask({
      solver: { name: 'sgd', batchSize: 8, params: {} },
      budget: { iterations: 100 },
      runs: 1,
      backend: 'wasm',
    });
    // Features near the float32 limit overflow the first layer: the loss becomes NaN on the first step.
    t.train.features!.forEach((v, i) => (t.train.features![i] = v * 1e38));
    const run = (await runTrainingJob(t, path.join(dir, 'diverge'), () => {})).runs[0]!;
    expect(run.status).toBe('diverged');
    expect(run.message).toMatch(/diverged at iteration 1\b.*last good evaluated iterate \(iteration 0\)/);
    expect(run.selectedIteration).toBe(0);
    expect(Number.isFinite(run.test.loss)).toBe(true);
  });

  it('a timed run too short to afford an evaluation at its start still falls back to the start when it diverges', async () => {
    const t = loadAcsSampleTask({
      solver: { name: 'sgd', batchSize: 8, params: {} },
      // 10 % of 0.01 s affords no evaluation of the sample's 17,917 rows at the start: it is left for the fallback.
      budget: { seconds: 0.01 },
      runs: 1,
      backend: 'wasm',
    });
    t.train.features!.forEach((v, i) => (t.train.features![i] = v * 1e38));
    const out = path.join(dir, 'diverge-timed');
    const run = (await runTrainingJob(t, out, () => {})).runs[0]!;
    expect(run.status).toBe('diverged');
    expect(run.selectedIteration).toBe(0);
    expect(run.message).toMatch(/last good evaluated iterate \(iteration 0\)/);
    expect(Number.isFinite(run.test.loss)).toBe(true);
    // Evaluated once: the start, as the fallback.
    const lines = (await readFile(path.join(out, run.history), 'utf8')).trim().split('\n');
    const evaluations = lines.map((l) => JSON.parse(l) as { type?: string; iteration?: number; split?: string });
    expect(evaluations.filter((e) => e.split === 'test').map((e) => e.iteration)).toEqual([0]);
  });
});
