import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createProgress } from '../../../main/cli/progress.js';
import { trainConfig } from '../../../main/cli/train.js';
import { buildAudit } from '../../../main/core/audit/build-audit.js';
import { STREAMED_BYTES_PER_ROW } from '../../../main/core/data/memory-budget.js';
import { prepareTask } from '../../../main/core/data/prepare.js';
import { loadModel, predictWith } from '../../../main/core/engine/predict.js';
import { streamedFixture } from '../../helpers/streamed-fixture.js';

const fixture = await streamedFixture();
afterAll(() => fixture.remove());

describe('a dataset larger than the memory budget', () => {
  it('trains streamed with a seconds budget and audits, through the functions `run` and `audit` call', async () => {
    const config = fixture.config({ budget: { seconds: 1 } });
    const inMemory = await prepareTask(config, { cacheDir: fixture.cacheDir });
    // Room for the streamed task's per-row arrays, not for the in-memory one's.
    const memoryBudgetBytes = inMemory.dataset.rowsUsed * STREAMED_BYTES_PER_ROW;
    await expect(prepareTask(config, { cacheDir: fixture.cacheDir, memoryBudgetBytes, stream: false })).rejects.toThrow(
      /over the memory budget/,
    );
    const outDir = path.join(fixture.cacheDir, '..', 'run');
    let streamed = false;
    const results = await trainConfig(config, outDir, {
      signal: new AbortController().signal,
      progress: createProgress({ write: () => true }, { quiet: true }),
      memoryBudgetBytes,
      onPrepared: (task) => (streamed = task.stream !== undefined && task.train.features === null),
    });
    expect(streamed).toBe(true);
    const run = results.runs[0]!;
    expect(run.status).toBe('completed');
    expect(run.iterations).toBeGreaterThan(0);
    // The saved test predictions are the saved model's scores of the in-memory test rows.
    const bytes = await readFile(path.join(outDir, 'predictions', 'run-0', 'test.f32'));
    const saved = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    const model = await loadModel(path.join(outDir, run.model));
    const expected = predictWith(model, inMemory.test.features!, inMemory.test.rows);
    expect(saved.length).toBe(inMemory.test.rows);
    saved.forEach((p, i) => expect(p).toBeCloseTo(expected[i]!, 5));

    const audit = await buildAudit(outDir, 0, {
      prepare: (c) => prepareTask(c, { cacheDir: fixture.cacheDir, memoryBudgetBytes }),
      bootstrap: { resamples: 200 },
    });
    expect(audit.splits.test.n).toBe(inMemory.test.rows);
    expect(audit.splits.train.n).toBe(inMemory.train.rows);
    expect(audit.certificate.length).toBeGreaterThan(0);
  });
});
