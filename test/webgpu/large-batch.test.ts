import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTrainingJob } from '../../main/core/engine/job.js';
import { loadAcsSampleTask } from '../helpers/acs-sample-task.js';
import { swiftShaderMissing } from './swiftshader.js';

/**
 * A batch of 2^20 rows trains on webgpu (tfjs-webgpu alone fails there: its transposes exceed WebGPU's dispatch
 * limits; the engine splits the batch into CHUNK_ROWS pieces and adds their gradients). Minutes on SwiftShader, so it
 * is not part of `npm test`: run it with `npm run test:webgpu-large`. (The live-chart estimates of the logged steps use
 * a small constraint sample, constraintBatchSize 64.)
 */
const enabled = process.env.FAIRBOUND_WEBGPU_LARGE === '1';
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'fairbound-webgpu-large-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.skipIf(!enabled || swiftShaderMissing !== null)(
  'a 1,048,576-row batch on webgpu (FAIRBOUND_WEBGPU_LARGE=1)',
  () => {
    it('two SGD steps of logistic regression complete and lower the training loss', async () => {
      const task = loadAcsSampleTask({
        solver: { name: 'sgd', batchSize: 1 << 20, constraintBatchSize: 64, params: { lr: 0.5 } },
        model: { hidden: [] },
        budget: { iterations: 2 },
        backend: 'webgpu',
      });
      const results = await runTrainingJob(task, dir, () => {});
      expect(results.backend).toBe('webgpu');
      const run = results.runs[0]!;
      expect(run.status, run.message).toBe('completed');
      expect(run.samples).toBe(2 * (1 << 20));
      const evaluations = (await readFile(path.join(dir, run.history), 'utf8'))
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { type: string; split?: string; loss?: number })
        .filter((e) => e.type === 'evaluation' && e.split === 'train');
      expect(evaluations.at(-1)!.loss!).toBeLessThan(evaluations[0]!.loss!);
    }, 900_000);
  },
);
