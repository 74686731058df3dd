import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { importDataset } from '../../../../main/core/data/import.js';
import { inspectDataset } from '../../../../main/core/data/inspect.js';
import { fairboundError, tempDir } from './helpers.js';

const tmp = await tempDir();
afterAll(() => tmp.remove());

const table = (rows: number) =>
  `age,sex,income,label\n${Array.from({ length: rows }, (_, i) => `${20 + (i % 50)},${'MF'[i % 2]},${(i * 13) % 9999},${i % 2}`).join('\n')}\n`;

describe('a damaged source imports nothing and says why', () => {
  it('a .csv.gz cut in half: "damaged, ends early", and the project cache holds nothing', async () => {
    const whole = gzipSync(table(20_000));
    const file = await tmp.write('half.csv.gz', whole.subarray(0, Math.floor(whole.length / 2)));
    const projectDir = path.join(tmp.dir, 'project-half');
    const error = await fairboundError(importDataset(projectDir, file), 'dataset-unreadable');
    expect(error.message).toBe(
      'half.csv.gz: the compressed file is damaged: it ends early (cut off while being copied or downloaded).',
    );
    expect(await readdir(path.join(projectDir, 'datasets')).catch(() => [])).toEqual([]);
  });

  it('a .csv.gz whose bytes are corrupted mid-stream', async () => {
    const whole = Buffer.from(gzipSync(table(20_000)));
    for (let i = Math.floor(whole.length / 2); i < Math.floor(whole.length / 2) + 64; i++)
      whole[i] = 0xff - (whole[i] ?? 0);
    const error = await fairboundError(inspectDataset(await tmp.write('flipped.csv.gz', whole)), 'dataset-unreadable');
    expect(error.message).toMatch(/^flipped\.csv\.gz: the compressed file is damaged/);
  });

  it('a whole .csv.gz still imports every row', async () => {
    const summary = await inspectDataset(await tmp.write('whole.csv.gz', gzipSync(table(20_000))));
    expect(summary.rows).toBe(20_000);
  });
});

describe('what was detected is said, with what was done', () => {
  it('UTF-16 with a little-endian BOM is read, and said', async () => {
    const bom = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(table(500), 'utf16le')]);
    const summary = await inspectDataset(await tmp.write('utf16.csv', bom));
    expect(summary.rows).toBe(500);
    expect(summary.notes).toContain('Detected UTF-16 (byte-order mark): read as UTF-16.');
  });

  it('UTF-16 big-endian is named, not reported as an empty file', async () => {
    const text = Buffer.from(table(500), 'utf16le');
    text.swap16();
    const error = await fairboundError(
      inspectDataset(await tmp.write('utf16be.csv', Buffer.concat([Buffer.from([0xfe, 0xff]), text]))),
      'dataset-unsupported',
    );
    expect(error.message).toMatch(/UTF-16 big-endian/);
  });

  it('a 5 MB file with no line break is named as such, not "no rows"', async () => {
    const error = await fairboundError(
      inspectDataset(await tmp.write('oneline.csv', 'a,'.repeat(2_500_000))),
      'dataset-malformed',
    );
    expect(error.message).toMatch(/oneline\.csv: the first 256 KB hold no line break/);
  });

  it('duplicate and empty headers: the made-up names are listed', async () => {
    const summary = await inspectDataset(await tmp.write('dups.csv', 'age,age,,x\n1,2,3,4\n5,6,7,8\n'));
    expect(summary.columns.map((c) => c.name)).toEqual(['age', 'age_1', 'column2', 'x']);
    expect(summary.notes).toEqual(
      expect.arrayContaining([
        'Header "age" appears more than once: column 2 renamed "age_1".',
        'Column 3 has no header: named "column2".',
      ]),
    );
  });

  it('a column truly named like a renamed one is not reported', async () => {
    const summary = await inspectDataset(await tmp.write('plain.csv', 'age,age_1,column2\n1,2,3\n4,5,6\n'));
    expect(summary.notes.filter((n) => /header/i.test(n))).toEqual([]);
  });

  it('a CSV named .parquet is read as text, and said', async () => {
    const summary = await inspectDataset(await tmp.write('data.parquet', 'a,b\n1,2\n3,4\n'));
    expect(summary.format).toBe('csv');
    expect(summary.notes).toContain(
      'data.parquet is named .parquet but is not a Parquet file (no PAR1 magic): read as text.',
    );
  });
});
