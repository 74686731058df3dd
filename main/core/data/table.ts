import type { DuckDBConnection } from '@duckdb/node-api';
import { FairboundError } from '../../../shared/errors.js';
import { queryObjects } from './duckdb.js';
import { literal } from './sql.js';

export interface TableColumn {
  name: string;
  type: string;
}

/** A cached dataset as DuckDB reads it: the Parquet file with its original row order exposed. */
export interface CachedTable {
  /** SQL table expression; the column __row is the row's index in the source. */
  sql: string;
  columns: TableColumn[];
}

export const ROW_COLUMN = '__row';

export async function openCachedTable(conn: DuckDBConnection, parquetPath: string): Promise<CachedTable> {
  const base = `read_parquet(${literal(parquetPath)}, file_row_number=true)`;
  let described: Record<string, unknown>[];
  try {
    described = await queryObjects(conn, `DESCRIBE SELECT * EXCLUDE (file_row_number) FROM ${base}`);
  } catch (error) {
    throw new FairboundError(
      'dataset-unreadable',
      `The cached copy of the dataset cannot be read; import the file again. (${String(error).split('\n')[0]})`,
      {
        file: parquetPath,
      },
    );
  }
  return {
    sql: `(SELECT * EXCLUDE (file_row_number), file_row_number AS ${ROW_COLUMN} FROM ${base})`,
    columns: described.map((r) => ({ name: String(r['column_name']), type: String(r['column_type']) })),
  };
}
