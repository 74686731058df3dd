import path from 'node:path';
import type { DatasetSummary } from '../../../shared/ipc/channels/datasets.js';
import { withConnection } from './duckdb.js';
import { materialise, summarise } from './import.js';
import { openSource, type SourceFormat } from './source.js';
import { ident } from './sql.js';
import { checkColumnCount } from './summary.js';

let tempCounter = 0;

/** Reads a file without a project (the CLI's `fairbound inspect`): rows, columns, types, missing values, ranges. */
export async function inspectDataset(file: string, opts: { format?: SourceFormat } = {}): Promise<DatasetSummary> {
  const resolved = path.resolve(file);
  return withConnection(async (conn) => {
    const source = await openSource(conn, resolved, opts.format ?? 'auto');
    checkColumnCount(source.columns.length, path.basename(resolved));
    // One read of the file into a temporary table; the summary then scans memory, not the file, per column.
    const table = ident(`inspect_${process.pid}_${tempCounter++}`);
    await materialise(conn, source, (select) => `CREATE TEMP TABLE ${table} AS ${select}`);
    try {
      return await summarise(conn, table, source, path.basename(resolved));
    } finally {
      await conn.run(`DROP TABLE IF EXISTS ${table}`);
    }
  });
}
