import { readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { withConnection } from '../../../../main/core/data/duckdb.js';
import { CACHE_READER } from '../../../../main/core/data/cache.js';
import { importDataset, type ImportPhase } from '../../../../main/core/data/import.js';
import { checkSource } from '../../../../main/core/data/source-check.js';
import { inspectDataset } from '../../../../main/core/data/inspect.js';
import { fairboundError, tempDir } from './helpers.js';

const tmp = await tempDir();
afterAll(() => tmp.remove());

const CSV = 'age,sex,income\n25,F,yes\n40,M,no\n33,F,no\n51,M,yes\n';

describe('importDataset: the project cache', () => {
  it('caches the parsed table under datasets/<sha256>.parquet and re-opens it without re-parsing', async () => {
    const project = path.join(tmp.dir, 'p1');
    const file = await tmp.write('people.csv', CSV);
    const phases: ImportPhase[] = [];
    const ref = await importDataset(project, file, { onProgress: (_, phase) => phases.push(phase) });
    expect(ref).toMatchObject({ sourceName: 'people.csv', rows: 4, columns: 3, format: 'csv', bytes: CSV.length });
    expect(ref.cacheFile).toBe(`datasets/${ref.sha256}.parquet`);
    expect(phases).toEqual(expect.arrayContaining(['hash', 'parse', 'summary', 'done']));
    const again: ImportPhase[] = [];
    const ref2 = await importDataset(project, file, { onProgress: (_, phase) => again.push(phase) });
    expect(ref2.sha256).toBe(ref.sha256);
    // Same path, size and mtime: neither hashed again nor parsed.
    expect(again).toEqual(['hash', 'done']);
    expect((await readdir(path.join(project, 'datasets'))).sort()).toEqual([
      `${ref.sha256}.json`,
      `${ref.sha256}.parquet`,
    ]);
  });

  it('notices a changed source (size/mtime first, then the hash)', async () => {
    const project = path.join(tmp.dir, 'p2');
    const file = await tmp.write('changing.csv', CSV);
    const ref = await importDataset(project, file);
    expect(await checkSource(project, ref)).toMatchObject({
      status: 'unchanged',
      mismatches: [],
      current: { sha256: null },
    });
    // Touched but identical content: the hash decides it is unchanged.
    const later = new Date(Date.now() + 5_000);
    await utimes(file, later, later);
    expect(await checkSource(project, ref)).toMatchObject({
      status: 'unchanged',
      mismatches: ['mtime'],
      current: { sha256: ref.sha256 },
    });
    // Same size, other content: only the hash can tell.
    await writeFile(file, CSV.replace('25,F,yes', '26,F,yes'));
    expect(await checkSource(project, ref)).toMatchObject({ status: 'changed', mismatches: ['mtime', 'sha256'] });
    const ref2 = await importDataset(project, file);
    expect(ref2.sha256).not.toBe(ref.sha256);
    // Another size: changed without hashing.
    await writeFile(file, `${CSV}60,M,no\n`);
    expect(await checkSource(project, ref2)).toMatchObject({
      status: 'changed',
      mismatches: ['size', 'mtime'],
      current: { bytes: CSV.length + 8, sha256: null },
    });
    await rm(file);
    expect(await checkSource(project, ref2)).toMatchObject({ status: 'missing', current: null });
    expect(await checkSource(project, ref2, { uploadsDir: path.dirname(file) })).toMatchObject({ status: 'uploaded' });
  });

  it('reads TSV, gzip-compressed CSV and Parquet', async () => {
    const tsv = await tmp.write('t.tsv', CSV.replaceAll(',', '\t'));
    expect(await inspectDataset(tsv)).toMatchObject({ format: 'tsv', rows: 4, dialect: { delimiter: '\t' } });
    const gz = await tmp.write('g.csv.gz', gzipSync(CSV));
    expect(await inspectDataset(gz)).toMatchObject({ format: 'csv', compression: 'gzip', rows: 4 });
    const parquet = path.join(tmp.dir, 'x.parquet');
    const csv = await tmp.write('for-parquet.csv', CSV);
    await withConnection(async (conn) => {
      await conn.run(`COPY (SELECT * FROM read_csv('${csv}')) TO '${parquet}' (FORMAT parquet)`);
    });
    const s = await inspectDataset(parquet);
    expect(s).toMatchObject({ format: 'parquet', rows: 4, dialect: null });
    const ref = await importDataset(path.join(tmp.dir, 'p3'), parquet);
    expect(ref.format).toBe('parquet');
    await fairboundError(inspectDataset(tsv, { format: 'parquet' }), 'dataset-unsupported');
  });

  it('can be cancelled while parsing; nothing is left in the project', async () => {
    const project = path.join(tmp.dir, 'p4');
    const file = await tmp.write('cancel.csv', CSV);
    const controller = new AbortController();
    const e = await fairboundError(
      importDataset(project, file, {
        signal: controller.signal,
        onProgress: (_, phase) => phase === 'parse' && controller.abort(),
      }),
      'cancelled',
    );
    expect(e.message).toMatch(/cancelled/);
    expect(await readdir(path.join(project, 'datasets'))).toEqual([]);
  });

  it('can be cancelled while hashing; nothing is parsed and nothing is left in the project', async () => {
    const project = path.join(tmp.dir, 'p5');
    const file = await tmp.write('cancel2.csv', CSV);
    const controller = new AbortController();
    const phases: ImportPhase[] = [];
    const e = await fairboundError(
      importDataset(project, file, {
        signal: controller.signal,
        onProgress: (_, phase) => {
          phases.push(phase);
          if (phase === 'hash') controller.abort();
        },
      }),
      'cancelled',
    );
    expect(e.message).toMatch(/cancelled/);
    expect(phases).toContain('hash');
    expect(phases).not.toContain('parse');
    expect(await readdir(path.join(project, 'datasets')).catch(() => [])).toEqual([]);
  });

  it('a file that disappears while being read gives dataset-unreadable', async () => {
    const file = await tmp.write('vanishing.csv', CSV);
    const e = await fairboundError(
      importDataset(path.join(tmp.dir, 'p6'), file, {
        onProgress: (fraction, phase) => {
          if (phase === 'hash' && fraction === 0) void rm(file);
        },
      }),
    );
    expect(e.code).toBe('dataset-unreadable');
    expect(e.message).toMatch(/vanishing\.csv/);
  });

  it('a header-only file is refused and leaves no cache behind', async () => {
    const project = path.join(tmp.dir, 'p7');
    const e = await fairboundError(importDataset(project, await tmp.write('h.csv', 'a,b\n')), 'dataset-empty');
    expect(e.message).toMatch(/header but no data rows/);
    expect(await readdir(path.join(project, 'datasets'))).toEqual([]);
  });
});

describe('rows starting with "#"', () => {
  it('are data, not comments: every row is kept, with its own value', async () => {
    // Every tenth id starts with "#": enough for DuckDB's sniffer to take "#" for a comment character.
    const lines = [
      'id,x,y',
      ...Array.from({ length: 500 }, (_, i) => `${i % 10 === 0 ? '#' : ''}${i},${i / 7},${i % 2}`),
    ];
    const file = await tmp.write('hash-ids.csv', `${lines.join('\n')}\n`);
    const ref = await importDataset(path.join(tmp.dir, 'hash-ids'), file);
    expect(ref.rows).toBe(500);
    const ids = await withConnection((conn) =>
      conn.runAndReadAll(
        `SELECT count(*) FROM read_parquet('${path.join(tmp.dir, 'hash-ids', ref.cacheFile)}') WHERE id LIKE '#%'`,
      ),
    );
    expect(Number(ids.getRows()[0]![0])).toBe(50);
  });

  it('an entry cached by an older reader (which skipped them) is rebuilt when the file is imported again', async () => {
    const project = path.join(tmp.dir, 'hash-ids-old');
    const file = await tmp.write('hash-ids-old.csv', `id,x\n#1,1\n#2,2\n3,3\n`);
    const ref = await importDataset(project, file);
    const metaFile = path.join(project, 'datasets', `${ref.sha256}.json`);
    // What the previous reader left: no reader version, and the "#" rows missing.
    const { reader, ...meta } = JSON.parse(await readFile(metaFile, 'utf8')) as Record<string, unknown>;
    expect(reader).toBe(CACHE_READER);
    await writeFile(metaFile, JSON.stringify({ ...meta, summary: { ...(meta['summary'] as object), rows: 1 } }));
    const again = await importDataset(project, file);
    expect(again.rows).toBe(3);
    expect(JSON.parse(await readFile(metaFile, 'utf8'))).toMatchObject({ reader: CACHE_READER });
  });
});

describe('yes/no columns', () => {
  it('keep the file’s own spelling (yes/no), while true/false columns stay boolean', async () => {
    const file = await tmp.write(
      'flags.csv',
      'subscribed,member,age\nyes,True,30\nno,False,41\nno,True,25\nyes,False,52\n',
    );
    const summary = await inspectDataset(file);
    const column = (name: string) => summary.columns.find((c) => c.name === name)!;
    expect(column('subscribed').type).toBe('VARCHAR');
    expect(
      column('subscribed')
        .top.map((t) => t.value)
        .sort(),
    ).toEqual(['no', 'yes']);
    expect(column('member').type).toBe('BOOLEAN');
    expect(
      column('member')
        .top.map((t) => t.value)
        .sort(),
    ).toEqual(['False', 'True']);
  });
});
