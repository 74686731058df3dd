import { open, stat } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { z } from 'zod';
import { FairboundError } from '../../../shared/errors.js';
import { queryObjects } from './duckdb.js';
import { ident, literal } from './sql.js';
import { describeDuckError, ioError } from './errors.js';

/** How a source file is read: its format and dialect, and the SQL table expression that reads it. */
export interface SourceInfo {
  path: string;
  bytes: number;
  mtimeMs: number;
  format: 'csv' | 'tsv' | 'parquet';
  compression: 'none' | 'gzip';
  dialect: { delimiter: string; quote: string; header: boolean; skipRows: number; encoding: string } | null;
  /**
   * A DuckDB table expression (read_csv / read_parquet call) with every dialect option and column type fixed, so that
   * reading it does not sniff the file again.
   */
  relation: string;
  /**
   * For a CSV, the same read with the column types left to DuckDB's sniffer (what `relation` pins): read again with
   * `sample_size=-1` when a later value contradicts the types sniffed from the first rows. Null for Parquet.
   */
  sniffingRelation: string | null;
  columns: { name: string; type: string }[];
  notes: string[];
}

export type SourceFormat = 'auto' | 'csv' | 'tsv' | 'parquet';

const SAMPLE_BYTES = 256 * 1024;
const DELIMITERS = [',', '\t', ';', '|'] as const;
/** Spellings of "no value" in the wild (UCI Adult writes "?"). */
const NULL_STRINGS = ['', '?', 'NA', 'N/A', 'NaN', 'null', 'NULL'];

export async function openSource(
  conn: DuckDBConnection,
  file: string,
  format: SourceFormat = 'auto',
): Promise<SourceInfo> {
  const name = path.basename(file);
  const st = await stat(file).catch((e: unknown) => {
    throw ioError(e, file);
  });
  if (!st.isFile()) throw new FairboundError('dataset-unsupported', `${name} is not a file.`, { file });
  if (st.size === 0) throw new FairboundError('dataset-empty', `${name} is empty (0 bytes).`, { file });

  const head = await readHead(file, 4);
  const base = { path: file, bytes: st.size, mtimeMs: st.mtimeMs };
  if (head.toString('latin1') === 'PAR1') {
    if (format !== 'auto' && format !== 'parquet') {
      throw new FairboundError('dataset-unsupported', `${name} is a Parquet file, not ${format.toUpperCase()}.`, {
        file,
      });
    }
    const relation = `read_parquet(${literal(file)})`;
    const columns = await describe(conn, relation, file);
    const misnamed = /\.parquet$/i.test(name)
      ? []
      : [`${name} is a Parquet file (whatever its name says): read as Parquet.`];
    return {
      ...base,
      format: 'parquet',
      compression: 'none',
      dialect: null,
      relation,
      sniffingRelation: null,
      columns,
      notes: misnamed,
    };
  }
  if (format === 'parquet') {
    throw new FairboundError('dataset-unsupported', `${name} is not a Parquet file (no PAR1 magic).`, { file });
  }

  const gzip = head[0] === 0x1f && head[1] === 0x8b;
  // DuckDB reads a gzip stream that ends early as if it were complete: check the whole stream first.
  if (gzip) await checkGzipComplete(file);
  const sample = gzip ? await readGunzippedHead(file, SAMPLE_BYTES) : await readHead(file, SAMPLE_BYTES);
  const truncated = gzip || st.size > SAMPLE_BYTES;
  const encoding = detectEncoding(sample, name, file, truncated);
  if (truncated && !sample.includes(0x0a) && !sample.includes(0x0d)) {
    throw new FairboundError(
      'dataset-malformed',
      `${name}: the first ${Math.round(SAMPLE_BYTES / 1024)} KB hold no line break, so it is not a table of lines (one very long line of ${st.size} bytes?).`,
      { file },
    );
  }
  const text = decodeSample(sample, encoding, truncated);
  const dialect = detectDialect(text, name, file, {
    forced: format === 'tsv' ? '\t' : undefined,
    complete: !truncated,
  });
  const notes: string[] = [];
  if (/\.parquet$/i.test(name))
    notes.push(`${name} is named .parquet but is not a Parquet file (no PAR1 magic): read as text.`);
  if (dialect.skipRows > 0)
    notes.push(`Skipped ${dialect.skipRows} line(s) before the table (e.g. "${dialect.skipped}").`);
  if (encoding === 'utf-16') notes.push('Detected UTF-16 (byte-order mark): read as UTF-16.');
  else if (encoding !== 'utf-8') notes.push(`Not valid UTF-8: read as ${encoding}.`);

  const options = [
    `delim=${literal(dialect.delimiter)}`,
    `skip=${dialect.skipRows}`,
    `encoding=${literal(encoding)}`,
    `compression=${literal(gzip ? 'gzip' : 'none')}`,
    `nullstr=[${NULL_STRINGS.map(literal).join(', ')}]`,
    'strict_mode=true',
    // No comment character: DuckDB's sniffer would otherwise take one (e.g. "#") from the rows and silently skip every
    // row starting with it, ids like "#123" included. Comment lines before the table are skipped above, with a note;
    // one inside the table is a ragged row, reported with its line.
    `comment=''`,
  ];
  try {
    const sniff = sniffSchema.parse(
      (
        await queryObjects(
          conn,
          `SELECT HasHeader AS header, Quote AS quote, Escape AS escape, ` +
            `DateFormat AS dateFormat, TimestampFormat AS timestampFormat, to_json(Columns)::VARCHAR AS columns ` +
            `FROM sniff_csv(${literal(file)}, ${options.join(', ')})`,
        )
      )[0],
    );
    const { header } = sniff;
    if (!header)
      notes.push(
        'No header row: columns get generic names (column00, column01, …); name them in the Data tab, or with data.columnNames in a task config.',
      );
    const read = [literal(file), ...options, `header=${header}`];
    const spelled = new Set(await spelledFlags(conn, read, sniff));
    // The sniffer's own column list is what DESCRIBE of the sniffing read gives (source-columns.test.ts).
    const columns = sniff.columns.map((c) => (spelled.has(c.name) ? { ...c, type: 'VARCHAR' } : c));
    const sniffingRelation = spelled.size
      ? `read_csv(${read.join(', ')}, types={${[...spelled].map((c) => `${literal(c)}: 'VARCHAR'`).join(', ')}})`
      : `read_csv(${read.join(', ')})`;
    if (header) notes.push(...renamedHeaderNotes(text, dialect.delimiter, dialect.skipRows, columns));
    return {
      ...base,
      format: format === 'tsv' || dialect.delimiter === '\t' ? 'tsv' : 'csv',
      compression: gzip ? 'gzip' : 'none',
      dialect: {
        delimiter: dialect.delimiter,
        quote: sniff.quote,
        header,
        skipRows: dialect.skipRows,
        encoding,
      },
      relation: pinnedRead(read, sniff, columns),
      sniffingRelation,
      columns,
      notes,
    };
  } catch (error) {
    throw describeDuckError(error, file);
  }
}

/** sniff_csv writes an option it left unset as "(empty)". */
const sniffedOption = z.string().transform((v) => (v === '(empty)' ? '' : v));

/** The row of sniff_csv that openSource reads: what a read_csv call needs so as not to sniff the file again. */
const sniffSchema = z.object({
  header: z.boolean(),
  quote: sniffedOption,
  escape: sniffedOption,
  dateFormat: z.string().nullable(),
  timestampFormat: z.string().nullable(),
  /** The names and types read_csv gives the file with the sniffed header setting, as JSON. */
  columns: z
    .string()
    .transform((text): unknown => JSON.parse(text))
    .pipe(z.array(z.object({ name: z.string(), type: z.string() }).strict()).min(1)),
});
type Sniffed = z.infer<typeof sniffSchema>;

/**
 * A read_csv call with everything the sniffer found fixed (auto_detect off, as in sniff_csv's own Prompt), so that
 * DuckDB reads the file without sniffing it again. The line ending is left to the reader: DuckDB 1.5 in strict mode
 * reads no rows at all from a CRLF file given `new_line='\r\n'` (or '\n'), and finds it by itself.
 */
function pinnedRead(read: string[], sniff: Sniffed, columns: { name: string; type: string }[]): string {
  const options = [
    ...read,
    'auto_detect=false',
    `quote=${literal(sniff.quote)}`,
    `escape=${literal(sniff.escape)}`,
    `columns={${columns.map((c) => `${literal(c.name)}: ${literal(c.type)}`).join(', ')}}`,
  ];
  if (sniff.dateFormat !== null) options.push(`dateformat=${literal(sniff.dateFormat)}`);
  if (sniff.timestampFormat !== null) options.push(`timestampformat=${literal(sniff.timestampFormat)}`);
  return `read_csv(${options.join(', ')})`;
}

/** Rows read to learn how a yes/no column is spelled: its first values are enough, and a full scan is not. */
const SPELLING_ROWS = 20_000;

/**
 * Columns DuckDB read as BOOLEAN although the file spells them otherwise than true/false (yes/no, y/n, t/f): they are
 * read as text instead, so the app shows and matches the file's own values ("yes") rather than True/False.
 * One query for every such column, over the first rows read as text in the sniffed dialect (no second sniff).
 */
async function spelledFlags(conn: DuckDBConnection, read: string[], sniff: Sniffed): Promise<string[]> {
  const flags = sniff.columns.filter((c) => c.type === 'BOOLEAN');
  if (flags.length === 0) return [];
  const text = pinnedRead(
    read,
    { ...sniff, dateFormat: null, timestampFormat: null },
    sniff.columns.map((c) => ({ name: c.name, type: 'VARCHAR' })),
  );
  const spelledOtherwise = flags.map(
    (c, i) => `bool_or(lower(trim(${ident(c.name)})) NOT IN ('true', 'false')) AS "${i}"`,
  );
  const row = (
    await queryObjects(
      conn,
      `SELECT ${spelledOtherwise.join(', ')} FROM (SELECT ${flags.map((c) => ident(c.name)).join(', ')} FROM ${text} LIMIT ${SPELLING_ROWS})`,
    )
  )[0];
  return flags.filter((_, i) => row?.[String(i)] === true).map((c) => c.name);
}

async function describe(
  conn: DuckDBConnection,
  relation: string,
  file: string,
): Promise<{ name: string; type: string }[]> {
  try {
    const rows = await queryObjects(conn, `DESCRIBE SELECT * FROM ${relation}`);
    return rows.map((r) => ({ name: String(r['column_name']), type: String(r['column_type']) }));
  } catch (error) {
    throw describeDuckError(error, file);
  }
}

async function readHead(file: string, bytes: number): Promise<Buffer> {
  const handle = await open(file, 'r').catch((e: unknown) => {
    throw ioError(e, file);
  });
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Inflates the whole stream once, so a file that ends early or is damaged mid-way imports nothing. */
function checkGzipComplete(file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const input = createReadStream(file);
    const gunzip = createGunzip();
    input.on('error', (e) => reject(ioError(e, file)));
    gunzip.on('error', (e: NodeJS.ErrnoException) => {
      input.destroy();
      const endsEarly = e.code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(e.message);
      const what = endsEarly ? 'ends early (cut off while being copied or downloaded)' : `is corrupt (${e.message})`;
      reject(
        new FairboundError(
          'dataset-unreadable',
          `${path.basename(file)}: the compressed file is damaged: it ${what}.`,
          { file },
        ),
      );
    });
    gunzip.on('end', () => resolve());
    gunzip.resume();
    input.pipe(gunzip);
  });
}

/** Splits one header line into its raw field texts (double quotes honoured). */
function headerFields(line: string, delimiter: string): string[] {
  const fields: string[] = [];
  let current = '';
  let inQuotes = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '"') {
      if (inQuotes && line[i + 1] === '"') {
        current += '"';
        i++;
      } else inQuotes = !inQuotes;
    } else if (ch === delimiter && !inQuotes) {
      fields.push(current);
      current = '';
    } else if (ch !== '\r') current += ch;
  }
  fields.push(current);
  return fields;
}

/** Says which header names DuckDB had to make up: empty headers and repeated ones. */
function renamedHeaderNotes(text: string, delimiter: string, skipRows: number, columns: { name: string }[]): string[] {
  const line = text.replace(/^\uFEFF/, '').split('\n')[skipRows] ?? '';
  const raw = headerFields(line, delimiter);
  if (raw.length !== columns.length) return [];
  const notes: string[] = [];
  const seen = new Set<string>();
  raw.forEach((given, index) => {
    const name = columns[index]?.name ?? '';
    const trimmed = given.trim();
    if (trimmed === '') notes.push(`Column ${index + 1} has no header: named "${name}".`);
    else if (seen.has(trimmed) && name !== trimmed)
      notes.push(`Header "${trimmed}" appears more than once: column ${index + 1} renamed "${name}".`);
    seen.add(trimmed);
  });
  return notes;
}

/** The first bytes of a gzip stream, without inflating the rest. */
function readGunzippedHead(file: string, bytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const input = createReadStream(file);
    const gunzip = createGunzip();
    const finish = () => {
      input.destroy();
      gunzip.destroy();
      resolve(Buffer.concat(chunks).subarray(0, bytes));
    };
    input.on('error', (e) => reject(ioError(e, file)));
    gunzip.on('error', (e) => {
      // A truncated gzip still yields its first bytes; only a stream that gave nothing is unreadable.
      if (total > 0) finish();
      else
        reject(
          new FairboundError('dataset-unreadable', `${path.basename(file)} is not a valid gzip file: ${e.message}`, {
            file,
          }),
        );
    });
    gunzip.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      total += chunk.length;
      if (total >= bytes) finish();
    });
    gunzip.on('end', finish);
    input.pipe(gunzip);
  });
}

function detectEncoding(
  sample: Buffer,
  name: string,
  file: string,
  truncated: boolean,
): 'utf-8' | 'utf-16' | 'latin-1' {
  if (sample[0] === 0xff && sample[1] === 0xfe) return 'utf-16';
  if (sample[0] === 0xfe && sample[1] === 0xff) {
    throw new FairboundError(
      'dataset-unsupported',
      `${name} is UTF-16 big-endian (byte-order mark FE FF), which cannot be read: save it as UTF-8.`,
      { file },
    );
  }
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const byte = sample[i]!;
    if (byte === 0) {
      throw new FairboundError(
        'dataset-unsupported',
        `${name} looks like a binary file (it contains NUL bytes), not a CSV.`,
        { file },
      );
    }
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) control++;
  }
  if (control > sample.length * 0.01) {
    throw new FairboundError(
      'dataset-unsupported',
      `${name} looks like a binary file (many control bytes), not a CSV.`,
      { file },
    );
  }
  // A sample cut mid-character is not an encoding error: ignore the last partial code point.
  const probe = truncated ? sample.subarray(0, Math.max(0, sample.length - 4)) : sample;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(probe);
    return 'utf-8';
  } catch {
    return 'latin-1';
  }
}

function decodeSample(sample: Buffer, encoding: 'utf-8' | 'utf-16' | 'latin-1', truncated: boolean): string {
  const text = new TextDecoder(encoding === 'latin-1' ? 'latin1' : encoding === 'utf-16' ? 'utf-16le' : 'utf-8').decode(
    sample,
  );
  // Drop the last line of a cut sample: it is probably partial.
  return truncated ? text.slice(0, Math.max(0, text.lastIndexOf('\n') + 1)) : text;
}

interface SampleRecord {
  line: number;
  fields: number;
}

const QUOTE = 0x22;
const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * Splits a sample into records, honouring double quotes (fields may hold delimiters and newlines). Compares char
 * codes, not one-character strings: it runs once per candidate delimiter over the whole sample.
 */
export function records(text: string, delimiter: string): { records: SampleRecord[]; unterminatedAt: number | null } {
  const out: SampleRecord[] = [];
  const delim = delimiter.charCodeAt(0);
  let line = 1;
  let start = 1;
  let fields = 1;
  let inQuotes = false;
  let empty = true;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === QUOTE) {
      if (inQuotes && text.charCodeAt(i + 1) === QUOTE) i++;
      else if (inQuotes || empty || text.charCodeAt(i - 1) === delim) inQuotes = !inQuotes;
      empty = false;
    } else if (ch === LINE_FEED) {
      line++;
      if (!inQuotes) {
        if (!empty) out.push({ line: start, fields });
        start = line;
        fields = 1;
        empty = true;
      }
    } else if (ch === delim && !inQuotes) {
      fields++;
      empty = false;
    } else if (ch !== CARRIAGE_RETURN) {
      empty = false;
    }
  }
  if (!empty && !inQuotes) out.push({ line: start, fields });
  return { records: out, unterminatedAt: inQuotes ? start : null };
}

function modalCount(recs: SampleRecord[]): { count: number; share: number } {
  const freq = new Map<number, number>();
  for (const r of recs) freq.set(r.fields, (freq.get(r.fields) ?? 0) + 1);
  let best = 1;
  let bestN = 0;
  for (const [count, n] of freq) if (n > bestN || (n === bestN && count > best)) [best, bestN] = [count, n];
  return { count: best, share: recs.length ? bestN / recs.length : 0 };
}

/**
 * Our own delimiter and row-shape check on the sample. DuckDB's sniffer, when rows are ragged, prefers a
 * delimiter that makes them consistent (e.g. one column split on "|") or silently skips rows; we would rather
 * name the bad row.
 */
export function detectDialect(
  text: string,
  name: string,
  file: string,
  opts: { forced?: string | undefined; complete: boolean },
): { delimiter: string; skipRows: number; skipped: string } {
  const candidates = opts.forced ? [opts.forced] : DELIMITERS;
  let chosen: {
    delimiter: string;
    recs: SampleRecord[];
    count: number;
    score: number;
    unterminatedAt: number | null;
  } | null = null;
  for (const delimiter of candidates) {
    const { records: recs, unterminatedAt } = records(text, delimiter);
    const { count, share } = modalCount(recs);
    const score = count > 1 ? share * 1000 + count : 0;
    if (!chosen || score > chosen.score) chosen = { delimiter, recs, count, score, unterminatedAt };
  }
  if (!chosen || chosen.recs.length === 0) {
    throw new FairboundError('dataset-empty', `${name} has no rows (only blank lines).`, { file });
  }
  const { delimiter, recs, count } = chosen;
  // Leading one-field lines before a wider table are titles or comments (UCI adult.test starts with "|1x3 Cross validator").
  let skip = 0;
  while (count > 1 && skip < 5 && skip < recs.length - 1 && recs[skip]!.fields === 1) skip++;
  const lines = text.split('\n');
  const skipRows = skip > 0 ? recs[skip]!.line - 1 : 0;
  for (const r of recs.slice(skip)) {
    if (r.fields !== count) {
      const shown = delimiter === '\t' ? 'tab' : `"${delimiter}"`;
      throw new FairboundError(
        'dataset-malformed',
        `${name}, line ${r.line}: ${r.fields} field(s) where the other rows have ${count} (delimiter ${shown}). Ragged rows cannot be read safely.`,
        { file, line: r.line, expected: count, found: r.fields },
      );
    }
  }
  if (chosen.unterminatedAt !== null && opts.complete) {
    throw new FairboundError(
      'dataset-malformed',
      `${name}, line ${chosen.unterminatedAt}: a quoted field is never closed.`,
      {
        file,
        line: chosen.unterminatedAt,
      },
    );
  }
  return { delimiter, skipRows, skipped: skip > 0 ? (lines[0] ?? '').trim().slice(0, 60) : '' };
}

/** Cleaned columns: text trimmed, the "?"-style missing markers that survive a ", " separator nulled. */
export function cleanSelect(columns: { name: string; type: string }[]): string {
  return columns
    .map(({ name, type }) => {
      const c = ident(name);
      return type === 'VARCHAR'
        ? `CASE WHEN trim(${c}) IN (${NULL_STRINGS.map(literal).join(', ')}) THEN NULL ELSE trim(${c}) END AS ${c}`
        : c;
    })
    .join(', ');
}
