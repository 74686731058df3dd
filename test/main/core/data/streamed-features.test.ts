import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { STREAMED_BYTES_PER_ROW } from '../../../../main/core/data/memory-budget.js';
import { prepareTask } from '../../../../main/core/data/prepare.js';
import type { PreparedSplit, PreparedTask } from '../../../../main/core/data/prepared-task.js';
import { fairboundError, peopleFixture, tempDir } from './helpers.js';

const tmp = await tempDir('fairbound-streamed-features-');
afterAll(() => tmp.remove());

// 700 rows with a numeric code column (level) and a label missing every 41st row (helpers.ts).
const { config: configNamed } = await peopleFixture(tmp, { rows: 700, seed: 11, level: true, missingLabelEvery: 41 });
const config = () => configNamed('streamed');
const cacheDir = path.join(tmp.dir, 'cache');

const splitsOf = (task: PreparedTask): PreparedSplit[] => [task.train, task.validation!, task.test];
const bytes = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

describe('a streamed task', () => {
  it('fits the same preprocessing and reads every split’s rows exactly as the in-memory matrix holds them', async () => {
    const inMemory = await prepareTask(config(), { cacheDir });
    const streamed = await prepareTask(config(), { cacheDir, stream: true });
    try {
      expect(inMemory.stream).toBeUndefined();
      expect(streamed.stream).toBeDefined();
      expect(streamed.preprocessing).toEqual(inMemory.preprocessing);
      expect(streamed.featureNames).toEqual(inMemory.featureNames);
      expect(streamed.groups).toEqual(inMemory.groups);
      expect(streamed.dataset).toEqual(inMemory.dataset);
      expect(streamed.dataset.droppedRows).toBeGreaterThan(0);
      const width = inMemory.featureNames.length;
      for (const [k, split] of splitsOf(streamed).entries()) {
        const own = splitsOf(inMemory)[k]!;
        expect(split.features).toBeNull();
        expect(Array.from(split.sourceRows)).toEqual(Array.from(own.sourceRows));
        expect(Array.from(split.labels)).toEqual(Array.from(own.labels));
        expect(Array.from(split.groups)).toEqual(Array.from(own.groups));
        // Whole, and gathered in blocks of 37 rows (ranges that start and end inside the table's other splits).
        expect(bytes(await streamed.stream!.read(split, 0, split.rows)).equals(bytes(own.features!))).toBe(true);
        const gathered = new Float32Array(split.rows * width);
        for (let from = 0; from < split.rows; from += 37) {
          const to = Math.min(split.rows, from + 37);
          gathered.set(await streamed.stream!.read(split, from, to), from * width);
        }
        expect(bytes(gathered).equals(bytes(own.features!))).toBe(true);
      }
    } finally {
      streamed.stream?.close();
    }
  });

  it('is chosen when the in-memory task exceeds the memory budget, and refused when even its labels would', async () => {
    const rowsUsed = (await prepareTask(config(), { cacheDir })).dataset.rowsUsed;
    const budget = rowsUsed * STREAMED_BYTES_PER_ROW;
    const streamed = await prepareTask(config(), { cacheDir, memoryBudgetBytes: budget });
    streamed.stream?.close();
    expect(streamed.stream).toBeDefined();
    expect(streamed.train.features).toBeNull();
    // Ruled out: the in-memory task is refused as before.
    await fairboundError(
      prepareTask(config(), { cacheDir, memoryBudgetBytes: budget, stream: false }),
      'dataset-unsupported',
    );
    const error = await fairboundError(
      prepareTask(config(), { cacheDir, memoryBudgetBytes: budget - 1 }),
      'dataset-unsupported',
    );
    expect(error.message).toContain('even when its features are streamed');
    expect(error.details).toMatchObject({ rows: rowsUsed, neededBytes: budget, budgetBytes: budget - 1 });
  });

  it('fails a read after it is closed with a clear error', async () => {
    const streamed = await prepareTask(config(), { cacheDir, stream: true });
    streamed.stream!.close();
    await expect(streamed.stream!.read(streamed.train, 0, 1)).rejects.toThrow(/after it was closed/);
  });
});
