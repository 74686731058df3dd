import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resultsSchema } from '../../shared/config/results.js';
import { paperTaskConfig } from '../../shared/config/task-config.js';
import { GPU_MIN_ROWS_PER_STEP } from '../../shared/fairness.js';
import { runTrainingJob } from '../../main/core/engine/job.js';
import { probeBackends } from '../../main/core/training/backend-probe.js';
import { createProcessEngineHost } from '../../main/worker/process-host.js';
import { loadAcsSampleTask } from '../helpers/acs-sample-task.js';
import { sampleCsv } from '../helpers/paths.js';
import { runBin } from '../main/cli/run-bin.js';
import { swiftShaderMissing } from './swiftshader.js';

/** Training end to end with a WebGPU adapter present (SwiftShader): what `auto` picks, and a real run on webgpu. */
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'fairbound-webgpu-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.skipIf(swiftShaderMissing !== null)('training with a WebGPU adapter present', () => {
  it('`fairbound run` with backend auto trains the sample task to completion, on wasm, and results.json says why', async () => {
    const config = path.join(dir, 'auto.json');
    await writeFile(
      config,
      JSON.stringify({ ...paperTaskConfig(sampleCsv), budget: { iterations: 200 }, runs: 1, backend: 'auto' }),
    );
    const out = path.join(dir, 'auto');
    const result = await runBin(['run', config, '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    const results = resultsSchema.parse(JSON.parse(await readFile(path.join(out, 'results.json'), 'utf8')));
    expect(results.runs[0]!.status).toBe('completed');
    expect(results.runs[0]!.iterations).toBe(200);
    expect(results.backend).toBe('wasm');
    expect(results.backendNotes.join('\n')).toMatch(
      /^webgpu: not tried: auto uses a GPU for steps of 16,384 rows or more, and this step has 8/,
    );
  });

  it('auto refuses the software adapter for large steps too, naming it', async () => {
    const task = loadAcsSampleTask(
      {
        solver: { name: 'sgd', batchSize: GPU_MIN_ROWS_PER_STEP, params: {} },
        budget: { iterations: 2 },
        backend: 'auto',
      },
      2000,
    );
    const results = await runTrainingJob(task, path.join(dir, 'large-auto'), () => {});
    expect(results.backend).toBe('wasm');
    expect(results.backendNotes.join('\n')).toMatch(/^webgpu: the only WebGPU adapter is SwiftShader.*software/m);
  });

  it('backend webgpu (asked for by name) trains a constrained run to completion on the GPU path', async () => {
    const task = loadAcsSampleTask(
      {
        solver: { name: 'ssl-alm', batchSize: 32, params: {} },
        model: { hidden: [8] },
        budget: { iterations: 4 },
        backend: 'webgpu',
      },
      1200,
    );
    const results = await runTrainingJob(task, path.join(dir, 'webgpu'), () => {});
    expect(results.backend).toBe('webgpu');
    expect(results.device).toMatch(/^WebGPU SwiftShader/);
    const run = results.runs[0]!;
    expect(run.status, run.message).toBe('completed');
    expect(run.iterations).toBe(4);
    expect(Number.isFinite(run.test.loss)).toBe(true);
  });

  it('the backend probe names the adapter', async () => {
    const engine = createProcessEngineHost();
    const report = await probeBackends(engine);
    await engine.dispose();
    const webgpu = report.backends.find((b) => b.name === 'webgpu')!;
    expect(webgpu.detail).toMatch(/SwiftShader driver [\d.]+ \(google swiftshader, software\)/);
  });
});
