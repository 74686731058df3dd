import { z } from 'zod';

/** The column main adds to every table for the source row order; no user column may take its name. */
const RESERVED = '__row';

/**
 * Names for the file's columns, in file order, replacing the header (or, for a file without one, DuckDB's column00,
 * column01, …). One name per column, each non-empty and different from the others (compared ignoring case, as
 * DuckDB does).
 */
export const columnNamesSchema = z.array(z.string()).superRefine((names, ctx) => {
  const problem = columnNamesProblem(names);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** What is wrong with a list of column names (and, given the file's column count, with its length), or null. */
export function columnNamesProblem(names: readonly string[], fileColumns?: number): string | null {
  if (fileColumns !== undefined && names.length !== fileColumns)
    return `${names.length} column name${names.length === 1 ? '' : 's'} given for ${fileColumns} columns: give one name per column, in file order`;
  const empty = names.findIndex((n) => n.trim() === '');
  if (empty >= 0) return `the name of column ${empty + 1} is empty`;
  const untrimmed = names.findIndex((n) => n.trim() !== n);
  if (untrimmed >= 0) return `the name of column ${untrimmed + 1} ("${names[untrimmed]}") starts or ends with a space`;
  const seen = new Map<string, number>();
  for (const [i, name] of names.entries()) {
    const key = name.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) return `columns ${first + 1} and ${i + 1} are both named "${name}": names must be unique`;
    seen.set(key, i);
  }
  const reserved = names.findIndex((n) => n.toLowerCase() === RESERVED);
  if (reserved >= 0) return `column ${reserved + 1} cannot be named "${RESERVED}" (the app uses it for the row order)`;
  return null;
}

/** A pasted list of names: one per line, or separated by commas or tabs (a header line copied from a data set's docs). */
export function parseColumnNames(text: string): string[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const parts = lines.length === 1 ? lines[0]!.split(/[,\t]/) : lines;
  return parts.map((p) => p.trim().replace(/^"(.*)"$/, '$1'));
}
