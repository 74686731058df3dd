import path from 'node:path';
import { columnNamesProblem } from '../../../shared/config/column-names.js';
import { FairboundError } from '../../../shared/errors.js';
import type { DatasetSummary } from '../../../shared/ipc/channels/datasets.js';
import { isPersonalData } from '../../../shared/personal-data.js';
import { ident } from './sql.js';
import { ROW_COLUMN, type CachedTable } from './table.js';

/** The note the import leaves on a headerless file; once the user named the columns it no longer applies. */
const GENERIC_NAMES_NOTE = /^No header row/;

function check(names: readonly string[], columns: number, file: string): void {
  const problem = columnNamesProblem(names, columns);
  if (problem)
    throw new FairboundError('invalid-config', `data.columnNames: ${problem} (${path.basename(file)}).`, {
      file,
      columns,
      names: names.length,
    });
}

/** The cached table with the user's column names (file order); unchanged when none are given. */
export function namedTable(table: CachedTable, names: readonly string[] | undefined, file: string): CachedTable {
  if (!names) return table;
  check(names, table.columns.length, file);
  const select = table.columns.map((c, i) => `${ident(c.name)} AS ${ident(names[i]!)}`).join(', ');
  return {
    sql: `(SELECT ${select}, ${ident(ROW_COLUMN)} FROM ${table.sql})`,
    columns: table.columns.map((c, i) => ({ ...c, name: names[i]! })),
  };
}

/** The dataset summary with the user's column names, so every tab shows and refers to them. */
export function namedSummary(summary: DatasetSummary, names: readonly string[] | undefined): DatasetSummary {
  if (!names) return summary;
  check(names, summary.columns.length, summary.path);
  return {
    ...summary,
    columns: summary.columns.map((c, i) => {
      const name = names[i]!;
      // A column the user names as personal data (email, phone…) is hidden as if the file had named it so.
      return !c.personal && isPersonalData(name, c.distinct)
        ? { ...c, name, personal: true, min: null, max: null, top: [] }
        : { ...c, name };
    }),
    notes: summary.notes.filter((n) => !GENERIC_NAMES_NOTE.test(n)),
  };
}

/** The column names saved in a project's task draft, if any (validated where they are applied). */
export function draftColumnNames(task: Record<string, unknown> | null): string[] | undefined {
  const data = task?.['data'];
  const names = typeof data === 'object' && data !== null ? (data as { columnNames?: unknown }).columnNames : undefined;
  return Array.isArray(names) && names.every((n) => typeof n === 'string') ? names : undefined;
}
