import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkPreparedSize, MAX_TYPED_ARRAY_LENGTH, preparedBytes } from '../../../../main/core/data/memory-budget.js';
import { prepareTask } from '../../../../main/core/data/prepare.js';
import {
  applyPreprocessing,
  fitColumn,
  fittedPreprocessingSchema,
  type RawColumn,
} from '../../../../main/core/data/preprocess.js';
import { fairboundError, peopleFixture, tempDir } from './helpers.js';

const tmp = await tempDir('fairbound-prepare-memory-');
afterAll(() => tmp.remove());

// 600 rows, no code column, no missing labels (helpers.ts).
const { rows, config: configNamed } = await peopleFixture(tmp, { rows: 600, seed: 7 });
const config = () => configNamed('memory');
const cacheDir = path.join(tmp.dir, 'cache');

describe('prepareTask with categories as dictionary codes', () => {
  it('fits and encodes exactly as from one string per row (the path predictions take)', async () => {
    const task = await prepareTask(config(), { cacheDir });
    const fitted = fittedPreprocessingSchema.parse(task.preprocessing);
    expect(fitted.featureNames).toContain('city=other');
    // The fit from per-row strings of the training rows (source rows index the CSV's data lines).
    const train = Array.from(task.train.sourceRows, (r) => rows[r]!);
    const all = Int32Array.from(train.keys());
    const text = (k: 'city' | 'job'): RawColumn => ({ kind: 'text', values: train.map((r) => r[k] || null) });
    expect(fitColumn({ name: 'city', encoding: 'onehot', missing: 'indicator' }, text('city'), all, 5)).toEqual(
      fitted.columns[2],
    );
    expect(fitColumn({ name: 'job', encoding: 'code', missing: 'indicator' }, text('job'), all, 5)).toEqual(
      fitted.columns[3],
    );
    for (const split of [task.train, task.validation!, task.test]) {
      const objects = Array.from(split.sourceRows, (r) => ({
        age: rows[r]!.age,
        score: rows[r]!.score,
        city: rows[r]!.city,
        job: rows[r]!.job,
      }));
      expect(Array.from(split.features!)).toEqual(Array.from(applyPreprocessing(fitted, objects).features));
    }
  });
});

describe('the memory budget of a prepared task', () => {
  it('refuses a task over the budget with its size, after fitting, and accepts one at the budget', async () => {
    const task = await prepareTask(config(), { cacheDir });
    const size = {
      rows: task.dataset.rowsUsed,
      largestSplitRows: task.train.rows,
      width: task.featureNames.length,
      // Read: age as float32 (whole numbers), score as float64 (3 decimals), city and job as int32 codes.
      rawBytesPerRow: 4 + 8 + 4 + 4,
    };
    const needed = preparedBytes(size);
    const again = await prepareTask(config(), { cacheDir, memoryBudgetBytes: needed });
    expect(Array.from(again.train.features!)).toEqual(Array.from(task.train.features!));
    const error = await fairboundError(
      prepareTask(config(), { cacheDir, memoryBudgetBytes: needed - 1, stream: false }),
      'dataset-unsupported',
    );
    expect(error.message).toContain(`600 rows × ${size.width} encoded features`);
    expect(error.message).toContain('over the memory budget');
    expect(error.details).toMatchObject({ rows: 600, width: size.width, neededBytes: needed });
  });

  it('refuses before reading when even the narrowest encoding cannot fit', async () => {
    const error = await fairboundError(
      prepareTask(config(), { cacheDir, memoryBudgetBytes: 1000, stream: false }),
      'dataset-unsupported',
    );
    // age, score and job with their indicators, and city's indicator: its levels are not known yet.
    expect(error.message).toContain('600 rows × at least 7 encoded features');
    // 600 × (raw at least 4 × 4, read 9, split 1 + 4, prepared 12 + 4 × 7) = 42,000 bytes.
    expect(error.message).toContain('need about 42 KB while prepared, over the memory budget of 1 KB');
  });

  it('refuses a split whose feature matrix is longer than a typed array can be, whatever the budget', () => {
    const rows = Math.ceil(MAX_TYPED_ARRAY_LENGTH / 64) + 1;
    const size = { rows, largestSplitRows: rows, width: 64, rawBytesPerRow: 8 };
    expect(() => checkPreparedSize(size, Number.MAX_SAFE_INTEGER, 'encoded')).toThrow(/one split's feature array/);
    expect(() => checkPreparedSize({ ...size, width: 63 }, Number.MAX_SAFE_INTEGER, 'encoded')).not.toThrow();
  });
});
