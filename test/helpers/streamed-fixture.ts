import path from 'node:path';
import { taskConfigSchema, type TaskConfig, type TaskConfigInput } from '../../shared/config/task-config.js';
import { Rng } from '../../main/core/engine/rng.js';
import { tempDir } from '../main/core/data/helpers.js';

/**
 * A 2,000-row CSV for streamed-task tests: a unique `id` (so an encoded row names its source row), a decimal `x`, a
 * category, group `g` (A and B spread over the file, C only in its first 60 rows: absent from most blocks) and a label.
 */
export async function streamedFixture(): Promise<{
  config: (overrides?: Partial<TaskConfigInput>) => TaskConfig;
  cacheDir: string;
  remove: () => Promise<void>;
}> {
  const tmp = await tempDir('fairbound-streamed-');
  const rng = new Rng(23);
  const lines = ['id,x,kind,g,y'];
  for (let i = 0; i < 2000; i++) {
    const g = i < 60 ? 'C' : rng.float() < 0.5 ? 'A' : 'B';
    const x = (rng.float() * 4 - 2).toFixed(4);
    const kind = ['p', 'q', 'r'][Math.floor(rng.float() * 3)]!;
    const y = rng.float() < 1 / (1 + Math.exp(-Number(x) - (g === 'A' ? 0.5 : 0))) ? 1 : 0;
    lines.push([i, x, kind, g, y].join(','));
  }
  const csv = await tmp.write('rows.csv', `${lines.join('\n')}\n`);
  return {
    config: (overrides = {}) =>
      taskConfigSchema.parse({
        name: 'streamed fixture',
        data: { path: csv, label: { column: 'y', positive: ['1'] }, features: ['id', 'x', 'kind'] },
        groups: { attributes: [{ column: 'g' }], minSize: 10 },
        constraints: [{ kind: 'positive-rate-gap', topology: 'each-vs-overall', tolerance: 0.05 }],
        split: { test: 0.2, seed: 5 },
        model: { hidden: [8] },
        solver: { name: 'ssl-alm', batchSize: 32 },
        budget: { iterations: 60 },
        backend: 'wasm',
        ...overrides,
      }),
    cacheDir: path.join(tmp.dir, 'cache'),
    remove: tmp.remove,
  };
}
