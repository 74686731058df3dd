import { DuckDBConnection, DuckDBInstance, type DuckDBResultReader } from '@duckdb/node-api';
import { FairboundError } from '../../../shared/errors.js';

/**
 * One in-memory DuckDB per process. DuckDB runs queries on its own thread pool, so the event loop stays free;
 * each operation takes its own connection so that one import can be interrupted without touching the others.
 */
let instance: Promise<DuckDBInstance> | null = null;

function getInstance(): Promise<DuckDBInstance> {
  instance ??= DuckDBInstance.create(':memory:', { preserve_insertion_order: 'true' });
  return instance;
}

/** A connection the caller closes (closeSync); withConnection closes its own. */
export async function openConnection(): Promise<DuckDBConnection> {
  return (await getInstance()).connect();
}

export async function withConnection<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
  const conn = await openConnection();
  try {
    return await fn(conn);
  } finally {
    conn.closeSync();
  }
}

/** Plain JS values: BIGINT as number when safe (row counts), else text. */
export function toPlain(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : value.toString();
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return value;
  return String(value);
}

const TEMPORAL_TYPE = /^(DATE|TIME|TIMESTAMP|INTERVAL)/;

/**
 * A result's rows as plain values, with dates and times written as DuckDB writes them (`2013-08-14`,
 * `2013-08-13 06:03:42`): their JS forms read `Wed Aug 14 2013 00:00:00 GMT+0000 (…)` and, for TIME, microseconds.
 */
export function plainRows(reader: DuckDBResultReader): (string | number | boolean | null)[][] {
  const temporal = reader.columnTypes().map((type) => TEMPORAL_TYPE.test(type.toString()));
  const text = temporal.some(Boolean) ? reader.getRowsJson() : [];
  return reader.getRowsJS().map((row, i) =>
    row.map((value, j) => {
      const json = text[i]?.[j];
      return temporal[j] === true && typeof json === 'string' ? json : toPlain(value);
    }),
  );
}

export async function queryObjects(
  conn: DuckDBConnection,
  sql: string,
): Promise<Record<string, string | number | boolean | null>[]> {
  const reader = await conn.runAndReadAll(sql);
  return reader.getRowObjectsJS().map((row) => {
    const out: Record<string, string | number | boolean | null> = {};
    for (const [k, v] of Object.entries(row)) out[k] = toPlain(v);
    return out;
  });
}

/**
 * Runs a statement that may take long, reporting DuckDB's own progress and interrupting on abort.
 * The query runs on DuckDB's threads; this only polls.
 */
export async function runCancellable(
  conn: DuckDBConnection,
  sql: string,
  opts: { signal?: AbortSignal | undefined; onProgress?: ((fraction: number) => void) | undefined },
): Promise<void> {
  const { signal, onProgress } = opts;
  if (signal?.aborted) throw cancelled();
  const onAbort = () => conn.interrupt();
  signal?.addEventListener('abort', onAbort, { once: true });
  const timer = onProgress
    ? setInterval(() => {
        const p = conn.progress.percentage;
        if (p >= 0) onProgress(Math.min(1, p / 100));
      }, 100)
    : null;
  try {
    await conn.run(sql);
  } catch (error) {
    if (signal?.aborted) throw cancelled();
    throw error;
  } finally {
    if (timer) clearInterval(timer);
    signal?.removeEventListener('abort', onAbort);
  }
  if (signal?.aborted) throw cancelled();
}

export function cancelled(): FairboundError {
  return new FairboundError('cancelled', 'The import was cancelled.');
}
