import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { withConnection } from '../../../../main/core/data/duckdb.js';
import { literal } from '../../../../main/core/data/sql.js';
import { projectSchema } from '../../../../shared/project.js';
import { runBin } from '../../cli/run-bin.js';
import { dispatcherHost, tempDir } from './helpers.js';

/**
 * A seeded corpus of hostile CSV / TSV / gzip / Parquet files through the import channel (real DuckDB, real files)
 * and, for a sample of them, through `fairbound inspect`. Each import must succeed or fail with a typed dataset
 * error; a failed one leaves the project as it was (no dataset, no cache file, no temp file).
 */
const SEED = 14_2026;
const CORPUS_SIZE = 48;
const CLI_SAMPLE = 4;
/** Resident memory of this test process (vitest, DuckDB and the corpus) may not pass this. */
const RSS_BUDGET_BYTES = 2 * 1024 * 1024 * 1024;

const tmp = await tempDir('fairbound-hostile-');
afterAll(() => tmp.remove());
const host = dispatcherHost(tmp.dir);

const cell = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }).map(String),
  fc.double({ noNaN: false }).map(String),
  fc.constantFrom(
    '',
    '?',
    'NA',
    'null',
    '"quoted, with comma"',
    '"unterminated',
    'a""b',
    ' spaced ',
    '١٢٣',
    '\u202Eevil',
    '😀',
    '\u0000',
    'x'.repeat(5000),
  ),
  fc.string({ maxLength: 12 }),
);

/** A table-ish text: a header (sometimes duplicated or empty names), rows (sometimes ragged), a delimiter, line ends. */
const tableText = fc
  .record({
    header: fc.array(fc.oneof(fc.constantFrom('a', 'b', 'a', '', 'label', '"q,uoted"'), fc.string({ maxLength: 8 })), {
      minLength: 1,
      maxLength: 8,
    }),
    rows: fc.array(fc.array(cell, { minLength: 0, maxLength: 9 }), { maxLength: 30 }),
    delimiter: fc.constantFrom(',', '\t', ';', '|'),
    newline: fc.constantFrom('\n', '\r\n', '\r'),
    bom: fc.constantFrom('', '\uFEFF'),
    trailingNewline: fc.boolean(),
  })
  .map(({ header, rows, delimiter, newline, bom, trailingNewline }) => {
    const lines = [header, ...rows].map((r) => r.join(delimiter));
    return `${bom}${lines.join(newline)}${trailingNewline ? newline : ''}`;
  });

type Variant =
  'csv' | 'tsv' | 'utf16' | 'gzip' | 'gzip-cut' | 'bytes-flipped' | 'parquet' | 'parquet-cut' | 'named-parquet';
const corpusEntry = fc.record({
  text: tableText,
  variant: fc.constantFrom<Variant>(
    'csv',
    'tsv',
    'utf16',
    'gzip',
    'gzip-cut',
    'bytes-flipped',
    'parquet',
    'parquet-cut',
    'named-parquet',
  ),
  cut: fc.double({ min: 0.05, max: 0.95, noNaN: true }),
});

const wellFormed = (rows: number) =>
  `a,b,label\n${Array.from({ length: rows }, (_, i) => `${i},${(i * 7) % 13},${i % 2}`).join('\n')}\n`;

async function parquetOf(file: string): Promise<Buffer> {
  // A real Parquet file from a real (small) table; the hostile part is what happens to its bytes.
  const target = `${file}.parquet`;
  await withConnection((conn) =>
    conn.run(
      `COPY (SELECT range AS id, range % 3 AS g, 'v' || range AS s FROM range(200)) TO ${literal(target)} (FORMAT parquet)`,
    ),
  );
  return readFile(target);
}

async function materialise(index: number, entry: { text: string; variant: Variant; cut: number }): Promise<string> {
  const base = path.join(tmp.dir, `hostile-${index}`);
  const cutAt = (bytes: Buffer) => bytes.subarray(0, Math.max(1, Math.floor(bytes.length * entry.cut)));
  switch (entry.variant) {
    case 'csv':
      return tmp.write(`hostile-${index}.csv`, entry.text);
    case 'tsv':
      return tmp.write(`hostile-${index}.tsv`, entry.text.replaceAll(',', '\t'));
    case 'utf16':
      return tmp.write(
        `hostile-${index}.csv`,
        Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(entry.text, 'utf16le')]),
      );
    case 'gzip':
      return tmp.write(`hostile-${index}.csv.gz`, gzipSync(entry.text));
    case 'gzip-cut':
      // Well-formed rows, so only the cut can be wrong: DuckDB alone would import the rows before it.
      return tmp.write(`hostile-${index}.csv.gz`, cutAt(gzipSync(wellFormed(20_000))));
    case 'bytes-flipped': {
      const bytes = Buffer.from(entry.text.repeat(20));
      for (let i = Math.floor(bytes.length * entry.cut); i < bytes.length; i += 97) bytes[i] = 0xff;
      return tmp.write(`hostile-${index}.csv`, bytes);
    }
    case 'parquet':
      return tmp.write(`hostile-${index}.parquet`, await parquetOf(base));
    case 'parquet-cut':
      return tmp.write(`hostile-${index}.parquet`, cutAt(await parquetOf(base)));
    case 'named-parquet':
      return tmp.write(`hostile-${index}.parquet`, entry.text);
  }
}

// Plus fixed cuts where DuckDB's sniffer alone still reads the surviving rows (the probe's case).
const corpus = [
  ...fc.sample(corpusEntry, { seed: SEED, numRuns: CORPUS_SIZE - 2 }),
  { text: '', variant: 'gzip-cut' as const, cut: 0.2 },
  { text: '', variant: 'gzip-cut' as const, cut: 0.5 },
];
const files = await Promise.all(corpus.map((entry, index) => materialise(index, entry)));
const counts = { imported: 0, refused: 0 };
const DATASET_CODES = [
  'dataset-empty',
  'dataset-malformed',
  'dataset-unreadable',
  'dataset-unsupported',
  'label-invalid',
  'label-single-class',
];

describe(`hostile files (${CORPUS_SIZE}, seed ${SEED})`, () => {
  afterAll(() =>
    process.stdout.write(`hostile files: ${counts.imported} imported, ${counts.refused} refused with a typed error\n`),
  );

  it('through the import channel: imported, or refused with a typed error and nothing half-written', async () => {
    for (const [index, file] of files.entries()) {
      const project = await host.call<{ id: string }>('projects:create', { name: `Hostile ${index}` });
      const { jobId } = await host.call<{ jobId: string }>('datasets:import', {
        projectId: project.id,
        source: { kind: 'path', path: file },
      });
      const finished = (await host.finished(jobId)) as { ok: boolean; error?: { code: string; message: string } };
      const projectDir = path.join(tmp.dir, 'projects', project.id);
      const stored = projectSchema.parse(JSON.parse(await readFile(path.join(projectDir, 'project.json'), 'utf8')));
      const cached = await readdir(path.join(projectDir, 'datasets'));
      const what = `${path.basename(file)} (${corpus[index]?.variant}): ${JSON.stringify(finished.error)}`;
      // A file cut short must never import the part that survived, and a cut gzip is named as such.
      if (corpus[index]?.variant === 'gzip-cut' || corpus[index]?.variant === 'parquet-cut')
        expect(finished.ok, what).toBe(false);
      if (corpus[index]?.variant === 'gzip-cut')
        expect(finished.error?.message, what).toMatch(/the compressed file is damaged/);
      if (finished.ok) {
        counts.imported++;
        expect(stored.dataset, what).not.toBeNull();
      } else {
        counts.refused++;
        expect(DATASET_CODES, what).toContain(finished.error?.code);
        expect(finished.error?.message, what).toContain(path.basename(file));
        expect(stored.dataset, what).toBeNull();
        expect(
          cached.filter((name) => !name.endsWith('.json')),
          what,
        ).toEqual([]);
      }
      expect(
        cached.filter((name) => name.endsWith('.tmp')),
        what,
      ).toEqual([]);
    }
    expect(counts.imported).toBeGreaterThan(0);
    expect(counts.refused).toBeGreaterThan(0);
    expect(process.memoryUsage().rss).toBeLessThan(RSS_BUDGET_BYTES);
  }, 120_000);

  it('through `fairbound inspect`: a summary (exit 0) or one line on stderr (exit 3), never a stack trace', async () => {
    const sample = files.filter((_, index) => index % Math.floor(CORPUS_SIZE / CLI_SAMPLE) === 0).slice(0, CLI_SAMPLE);
    for (const file of sample) {
      const result = await runBin(['inspect', file]);
      expect([0, 3], `${file}: ${result.stderr}`).toContain(result.code);
      if (result.code === 3) expect(result.stderr.trim().split('\n'), result.stderr).toHaveLength(1);
      expect(result.stderr).not.toMatch(/^\s+at /m);
    }
  }, 120_000);
});
