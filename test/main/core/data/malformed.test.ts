import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { FairboundError } from '../../../../shared/errors.js';
import { inspectDataset } from '../../../../main/core/data/inspect.js';
import { fairboundError, tempDir } from './helpers.js';

const tmp = await tempDir();
afterAll(() => tmp.remove());

describe('bad input gets a specific FairboundError naming the file and row', () => {
  it('empty file', async () => {
    const e = await fairboundError(inspectDataset(await tmp.write('empty.csv', '')), 'dataset-empty');
    expect(e.message).toMatch(/empty\.csv is empty/);
  });

  it('header only', async () => {
    const e = await fairboundError(inspectDataset(await tmp.write('header.csv', 'a,b,c\n')), 'dataset-empty');
    expect(e.message).toMatch(/header\.csv has a header but no data rows/);
  });

  it('blank lines only', async () => {
    await fairboundError(inspectDataset(await tmp.write('blank.csv', '\n\n\r\n')), 'dataset-empty');
  });

  it('ragged rows: a short row and a long row, each named by line', async () => {
    const short = await fairboundError(
      inspectDataset(await tmp.write('short.csv', 'a,b,c\n1,2,3\n4,5\n6,7,8\n')),
      'dataset-malformed',
    );
    expect(short.message).toMatch(/short\.csv, line 3: 2 field\(s\) where the other rows have 3/);
    expect(short.details).toMatchObject({ line: 3, expected: 3, found: 2 });
    const long = await fairboundError(
      inspectDataset(await tmp.write('long.csv', 'a,b,c\n1,2,3\n4,5,6,7\n')),
      'dataset-malformed',
    );
    expect(long.message).toMatch(/line 3: 4 field/);
  });

  it('binary junk', async () => {
    const junk = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
    const e = await fairboundError(inspectDataset(await tmp.write('junk.bin', junk)), 'dataset-unsupported');
    expect(e.message).toMatch(/junk\.bin looks like a binary file/);
  });

  it('an unclosed quote', async () => {
    const e = await fairboundError(
      inspectDataset(await tmp.write('quote.csv', 'a,b\n1,2\n"x,3\n')),
      'dataset-malformed',
    );
    expect(e.message).toMatch(/line 3: a quoted field is never closed/);
  });

  it('a file that does not exist (or disappeared)', async () => {
    const e = await fairboundError(inspectDataset(`${tmp.dir}/gone.csv`), 'dataset-unreadable');
    expect(e.message).toMatch(/gone\.csv does not exist/);
  });

  it('a folder', async () => {
    await fairboundError(inspectDataset(tmp.dir), 'dataset-unsupported');
  });

  it('a damaged gzip file', async () => {
    const e = await fairboundError(
      inspectDataset(await tmp.write('bad.csv.gz', Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7]))),
    );
    expect(e.code).toMatch(/^dataset-/);
    expect(e.message).toMatch(/bad\.csv\.gz/);
  });

  it('Latin-1 text is read, not rejected', async () => {
    const s = await inspectDataset(
      await tmp.write('latin.csv', Buffer.from('word,v\ncaf\xe9,1\nna\xefve,2\n', 'latin1')),
    );
    expect(s.dialect!.encoding).toBe('latin-1');
    expect(s.columns[0]!.top.map((t) => t.value).sort()).toEqual(['café', 'naïve']);
  });

  it('quoted fields may hold delimiters and newlines', async () => {
    const s = await inspectDataset(await tmp.write('quoted.csv', 'a,b\n"x, y",1\n"multi\nline",2\n"plain",3\n'));
    expect(s.rows).toBe(3);
  });
});

/** Lines of random fields: the shapes CSV files go wrong in (ragged, quotes, delimiters, blanks, control bytes). */
const field = fc.oneof(
  fc.constantFrom('', '1', '2.5', 'x', '"q"', '"', 'a,b', '?', 'NA', ' sp ', '\t', ';', '|', 'True'),
  fc.string({ maxLength: 6 }),
);
const line = fc.array(field, { minLength: 0, maxLength: 6 }).map((fields) => fields.join(','));
const csvText = fc.array(line, { minLength: 0, maxLength: 12 }).map((lines) => lines.join('\n'));
const bytes = fc.uint8Array({ minLength: 0, maxLength: 300 });

const DATASET_CODES = new Set(['dataset-empty', 'dataset-malformed', 'dataset-unreadable', 'dataset-unsupported']);

async function outcome(file: string): Promise<'ok' | string> {
  try {
    const s = await inspectDataset(file);
    expect(s.rows).toBeGreaterThan(0);
    return 'ok';
  } catch (error) {
    if (!(error instanceof FairboundError)) throw error;
    expect(DATASET_CODES.has(error.code), `${error.code}: ${error.message}`).toBe(true);
    expect(error.message.length).toBeGreaterThan(10);
    return error.code;
  }
}

describe('property: any malformed CSV gives a clear FairboundError, never a crash', () => {
  it('random text tables', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(csvText, async (text) => {
        await outcome(await tmp.write(`p${n++}.csv`, text));
      }),
      { numRuns: 60, seed: 20_260_101 },
    );
  });

  it('random bytes', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(bytes, async (data) => {
        await outcome(await tmp.write(`b${n++}.csv`, Buffer.from(data)));
      }),
      { numRuns: 40, seed: 7 },
    );
  });
});

describe('types sniffed from the first rows', () => {
  it('a text value far below the sniffer sample re-reads the file with full type detection', async () => {
    const rows = Array.from({ length: 30_000 }, (_, i) => `${i},${i % 7}`);
    const file = await tmp.write('late-text.csv', ['id,code', ...rows, '30000,X7'].join('\n'));
    const s = await inspectDataset(file);
    expect(s.rows).toBe(30_001);
    expect(s.columns[1]!.type).toBe('VARCHAR');
  });
});
