import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { paperTaskConfig, taskConfigSchema } from '../../../../shared/config/task-config.js';
import { prepareTask } from '../../../../main/core/data/prepare.js';
import { sampleCsv } from '../../../helpers/paths.js';
import { tempDir } from './helpers.js';

const tmp = await tempDir();
afterAll(() => tmp.remove());

describe('the default split of a constrained task', () => {
  it('is three-way (train / validation / test) unless the config says otherwise', async () => {
    const { split: _paperSplit, ...paper } = paperTaskConfig(sampleCsv);
    const config = taskConfigSchema.parse({ ...paper, split: { test: 0.2, seed: 42 } });
    const task = await prepareTask(config, { cacheDir: path.join(tmp.dir, 'cache') });
    const n = task.train.rows + (task.validation?.rows ?? 0) + task.test.rows;
    expect(task.test.rows).toBe(Math.ceil(0.2 * n));
    expect(task.validation?.rows).toBe(Math.ceil(0.2 * n));
    expect(task.train.rows).toBe(n - 2 * Math.ceil(0.2 * n));
  });
});
