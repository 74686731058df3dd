import type { DuckDBConnection } from '@duckdb/node-api';
import { FairboundError } from '../../../shared/errors.js';
import { openConnection } from './duckdb.js';
import { encode, type FittedPreprocessing, type RawColumn } from './preprocess.js';
import { ident } from './sql.js';
import { ROW_COLUMN } from './table.js';

/** A feature's raw value as SQL over the cached table, and whether it is a number (else canonical text). */
export interface RawFeatureSql {
  name: string;
  sql: string;
  numeric: boolean;
}

/** What a block read needs of a split: its rows' numbers in the cached table, ascending. */
export interface SplitRows {
  sourceRows: Int32Array;
}

/**
 * What a streamed task's reader is made of, without its connection: plain data, so a task can be sent to the engine's
 * own process (structured clone) and read there through a connection of its own.
 */
export interface StreamedSource {
  tableSql: string;
  columns: RawFeatureSql[];
  preprocessing: FittedPreprocessing;
}

/**
 * The encoded feature rows of a streamed task, read on demand from the cached Parquet instead of held for every row
 * (docs/benchmarks/scale.md, "Streamed mode"). A block is a range of a split's rows; its source rows lie in one range
 * of the table's row numbers, which DuckDB prunes to the Parquet row groups that hold them. The block is encoded with
 * the task's fitted preprocessing by the same `encode` as the in-memory matrix, so its rows equal that matrix's.
 */
export class StreamedFeatures {
  readonly width: number;
  /** One connection runs one query at a time: reads (a prefetch, an evaluation) queue here. */
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;

  constructor(
    private readonly conn: DuckDBConnection,
    readonly source: StreamedSource,
  ) {
    this.width = source.preprocessing.featureNames.length;
  }

  /** A reader of the same rows on a new connection (in the engine's process, from the source main sent). */
  static async open(source: StreamedSource): Promise<StreamedFeatures> {
    return new StreamedFeatures(await openConnection(), source);
  }

  /** Encoded rows [from, to) of the split, row-major (rows × width). */
  read(split: SplitRows, from: number, to: number): Promise<Float32Array> {
    const next = this.#queue.then(() => this.#read(split, from, to));
    this.#queue = next.catch(() => undefined);
    return next;
  }

  /** Closes the DuckDB connection once a read in progress (a prefetch) has ended; reads after this fail. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    void this.#queue.finally(() => this.conn.closeSync());
  }

  async #read(split: SplitRows, from: number, to: number): Promise<Float32Array> {
    if (this.#closed) throw new FairboundError('internal', 'The streamed dataset was read after it was closed.');
    const count = Math.max(0, to - from);
    if (count === 0) return new Float32Array(0);
    const rows = split.sourceRows;
    const row = ident(ROW_COLUMN);
    const select = this.source.columns.map((c, i) => `${c.sql} AS __f${i}`).join(', ');
    const result = await this.conn.stream(
      `SELECT ${row}, ${select} FROM ${this.source.tableSql} WHERE ${row} BETWEEN ${rows[from]!} AND ${rows[to - 1]!}`,
    );
    const raw = new Map<string, RawColumn>();
    const targets = this.source.columns.map((c) => {
      const column: RawColumn = c.numeric
        ? { kind: 'number', values: new Float64Array(count) }
        : { kind: 'text', values: new Array<string | null>(count).fill(null) };
      raw.set(c.name, column);
      return column;
    });
    // The range holds other splits' and dropped rows too: a merge against the split's ascending source rows keeps its own.
    let k = from;
    const picked = new Int32Array(2048);
    for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
      const ids = chunk.getColumnVector(0);
      const kept = picked.length >= chunk.rowCount ? picked : new Int32Array(chunk.rowCount);
      let m = 0;
      const first = k;
      for (let j = 0; j < chunk.rowCount && k < to; j++) {
        if (Number(ids.getItem(j)) === rows[k]) {
          kept[m++] = j;
          k++;
        }
      }
      targets.forEach((column, i) => {
        const values = chunk.getColumnVector(1 + i);
        for (let t = 0; t < m; t++) {
          const v = values.getItem(kept[t]!);
          if (column.kind === 'number') column.values[first - from + t] = v === null ? Number.NaN : Number(v);
          else if (column.kind === 'text') column.values[first - from + t] = v === null ? null : String(v);
        }
      });
    }
    if (k !== to)
      throw new FairboundError(
        'dataset-changed',
        `Read ${k - from} of the ${count} rows expected from the cached dataset; it changed since the task was prepared.`,
      );
    const identity = new Int32Array(count);
    for (let i = 0; i < count; i++) identity[i] = i;
    return encode(this.source.preprocessing, raw, identity);
  }
}
