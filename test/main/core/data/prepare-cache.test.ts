import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { userCacheDir } from '../../../../main/core/data/cache.js';
import { prepareTask } from '../../../../main/core/data/prepare.js';
import { taskConfigSchema } from '../../../../shared/config/task-config.js';
import { tempDir } from './helpers.js';

const tmp = await tempDir();
afterAll(() => tmp.remove());

const csv = (rows: number, salt: number) =>
  `x,g,y\n${Array.from({ length: rows }, (_, i) => `${(i * 7 + salt) % 13},${i % 2 ? 'a' : 'b'},${i % 3 === 0 ? 1 : 0}`).join('\n')}\n`;
const config = (file: string) =>
  taskConfigSchema.parse({
    data: { path: file, label: { column: 'y', positive: ['1'] } },
    groups: { attributes: [{ column: 'g' }] },
    split: { test: 0.25 },
    solver: { name: 'sgd' },
    budget: { iterations: 10 },
  });

describe('prepareTask without a project reads the user cache, never the CSV twice', () => {
  const cacheDir = path.join(tmp.dir, 'user-cache');
  let previous: string | undefined;
  beforeEach(() => {
    previous = process.env['FAIRBOUND_CACHE_DIR'];
    process.env['FAIRBOUND_CACHE_DIR'] = cacheDir;
  });
  afterEach(() => {
    if (previous === undefined) delete process.env['FAIRBOUND_CACHE_DIR'];
    else process.env['FAIRBOUND_CACHE_DIR'] = previous;
  });

  it('parses a file once: the second preparation reuses the cached Parquet, with the same split', async () => {
    expect(userCacheDir()).toBe(cacheDir);
    const file = await tmp.write('once.csv', csv(200, 1));
    const a = await prepareTask(config(file));
    const entries = (await readdir(cacheDir)).filter((n) => n.endsWith('.parquet'));
    expect(entries).toEqual([`${a.dataset.sha256}.parquet`]);
    const before = await stat(path.join(cacheDir, entries[0]!));
    const b = await prepareTask(config(file));
    const after = await stat(path.join(cacheDir, entries[0]!));
    // Neither rewritten nor replaced: the cache entry was read as it was.
    expect([after.mtimeMs, after.ino]).toEqual([before.mtimeMs, before.ino]);
    expect(Array.from(b.test.sourceRows)).toEqual(Array.from(a.test.sourceRows));
  });

  it('drops entries whose source file is gone', async () => {
    const gone = await tmp.write('gone.csv', csv(100, 2));
    const g = await prepareTask(config(gone));
    await rm(gone);
    const kept = await tmp.write('kept.csv', csv(100, 3));
    const k = await prepareTask(config(kept));
    const names = await readdir(cacheDir);
    expect(names.some((n) => n.startsWith(g.dataset.sha256))).toBe(false);
    expect(names).toContain(`${k.dataset.sha256}.parquet`);
  });
});
