import type { DuckDBConnection } from '@duckdb/node-api';
import { belowBinName, defaultBinName } from '../../../shared/config/bin-names.js';
import type { GroupAttribute, GroupsSpec } from '../../../shared/config/task-config.js';
import { FairboundError } from '../../../shared/errors.js';
import type { GroupRow, GroupTable } from '../../../shared/ipc/channels/datasets.js';
import { queryObjects } from './duckdb.js';
import { canonicalKeyFor, canonicalSql, ident, isNumericType, literal } from './sql.js';
import type { TableColumn } from './table.js';

/** The explicit group of rows whose protected value is missing: counted, never dropped. */
export const UNKNOWN_GROUP = 'Unknown';
export const INTERSECTION_SEPARATOR = ' × ';

export function attributeName(a: GroupAttribute): string {
  return a.name ?? a.column;
}

/** Bin names: the given labels, or "[a, b)" with "[last, ∞)" and "< first" for values below the first edge. */
export function binNames(a: GroupAttribute): { below: string; bins: string[] } {
  const edges = a.bins ?? [];
  if (a.binLabels && a.binLabels.length !== edges.length) {
    throw new FairboundError(
      'group-invalid',
      `Attribute ${attributeName(a)}: ${edges.length} bin edge(s) make ${edges.length} bins, but ${a.binLabels.length} bin label(s) were given.`,
      { column: a.column },
    );
  }
  const bins = edges.map((_, i) => a.binLabels?.[i] ?? defaultBinName(edges, i));
  return { below: belowBinName(edges), bins };
}

/** SQL expression naming the group value of one attribute per row (never NULL: missing becomes "Unknown"). */
export function attributeSql(a: GroupAttribute, columns: TableColumn[]): string {
  const column = columns.find((c) => c.name === a.column);
  if (!column) {
    throw new FairboundError(
      'group-invalid',
      `Protected attribute "${a.column}" is not a column of the dataset (columns: ${columns.map((c) => c.name).join(', ')}).`,
      {
        column: a.column,
      },
    );
  }
  const canon = canonicalSql(column.name, column.type);
  if (a.bins) {
    if (!isNumericType(column.type)) {
      throw new FairboundError(
        'group-invalid',
        `Attribute ${attributeName(a)}: bins need a numeric column, but ${a.column} holds ${column.type}.`,
        {
          column: a.column,
        },
      );
    }
    const { below, bins } = binNames(a);
    const x = `${ident(column.name)}::DOUBLE`;
    const cases = a.bins.map((lo, i) => [lo, bins[i]!] as const).reverse();
    return `(CASE WHEN ${x} IS NULL OR isnan(${x}) THEN ${literal(UNKNOWN_GROUP)} ${cases.map(([lo, name]) => `WHEN ${x} >= ${lo} THEN ${literal(name)}`).join(' ')} ELSE ${literal(below)} END)`;
  }
  if (a.map) {
    const entries = Object.entries(a.map).filter(([k]) => k !== '*');
    const rest = a.map['*'];
    const whens = entries
      .map(
        ([k, name]) =>
          `WHEN lower(${canon}) = ${literal(canonicalKeyFor(column.type, k).toLowerCase())} THEN ${literal(name)}`,
      )
      .join(' ');
    return `(CASE WHEN ${canon} IS NULL THEN ${literal(UNKNOWN_GROUP)} ${whens} ELSE ${rest !== undefined ? literal(rest) : canon} END)`;
  }
  return `coalesce(${canon}, ${literal(UNKNOWN_GROUP)})`;
}

export interface GroupCount {
  parts: string[];
  count: number;
  positives: number | null;
}

/**
 * Group counts by SQL GROUP BY (fast with hundreds of groups and millions of rows). Only non-empty intersections
 * exist, because only observed combinations come back.
 */
export async function countGroups(
  conn: DuckDBConnection,
  table: string,
  columns: TableColumn[],
  spec: Pick<GroupsSpec, 'attributes' | 'intersect'>,
  opts: { label?: string | undefined; where?: string | undefined } = {},
): Promise<{ perAttribute: GroupCount[][]; intersections: GroupCount[] }> {
  const exprs = spec.attributes.map((a) => attributeSql(a, columns));
  const select = exprs.map((e, i) => `${e} AS g${i}`);
  const label = opts.label ? `${opts.label}` : 'NULL::INTEGER';
  const where = [opts.label ? `${opts.label} IS NOT NULL` : null, opts.where ?? null].filter(Boolean).join(' AND ');
  // Rows are first counted per distinct raw value (cheap), so the group names are built per distinct value, not per row.
  const raw = distinctColumns(spec.attributes).map(ident).join(', ');
  const counted = `(SELECT ${raw}, l, count(*) AS n FROM (SELECT ${raw}, ${label} AS l FROM ${table}${where ? ` WHERE ${where}` : ''}) GROUP BY ALL)`;
  const base = `(SELECT ${select.join(', ')}, l, n FROM ${counted})`;
  const g = exprs.map((_, i) => `g${i}`);
  // The full intersection plus each attribute alone (one set when there is a single attribute).
  const sets = [`(${g.join(', ')})`, ...(g.length > 1 ? g.map((x) => `(${x})`) : [])];
  const rows = await queryObjects(
    conn,
    `SELECT ${g.join(', ')}, GROUPING(${g.join(', ')}) AS level, sum(n) AS c, sum(l * n) AS p FROM ${base} GROUP BY GROUPING SETS (${sets.join(', ')}) ORDER BY c DESC, ${g.join(', ')}`,
  );
  const perAttribute: GroupCount[][] = exprs.map(() => []);
  const intersections: GroupCount[] = [];
  const all = (1 << exprs.length) - 1;
  for (const r of rows) {
    const level = Number(r['level']);
    const item = (parts: string[]): GroupCount => ({
      parts,
      count: Number(r['c']),
      positives: opts.label ? Number(r['p'] ?? 0) : null,
    });
    if (level === 0) intersections.push(item(g.map((x) => String(r[x]))));
    // GROUPING(...) sets a bit for every column rolled up; a single-attribute set rolls up all but one.
    for (let i = 0; i < exprs.length; i++) {
      const bit = 1 << (exprs.length - 1 - i);
      if (level === (all & ~bit)) perAttribute[i]!.push(item([String(r[`g${i}`])]));
    }
  }
  return { perAttribute, intersections };
}

/** The columns the attributes read, each once (an attribute may reuse a column with other bins). */
function distinctColumns(attributes: GroupAttribute[]): string[] {
  return [...new Set(attributes.map((a) => a.column))];
}

/**
 * Column types whose values arrive in JS as the same primitive whether streamed (vector items) or queried
 * (queryObjects), so that they can key a Map; others (BIGINT, DECIMAL, dates) are keyed by their text.
 */
const PRIMITIVE_KEY_TYPES = new Set([
  'BOOLEAN',
  'TINYINT',
  'SMALLINT',
  'INTEGER',
  'UTINYINT',
  'USMALLINT',
  'UINTEGER',
  'FLOAT',
  'DOUBLE',
  'VARCHAR',
]);

/** A row's key for one column as streamed to JS: the value itself, or its text where DuckDB would hand over an object. */
function keySql(column: TableColumn): string {
  return PRIMITIVE_KEY_TYPES.has(column.type) ? ident(column.name) : `CAST(${ident(column.name)} AS VARCHAR)`;
}

type KeyTree = Map<unknown, KeyTree | number>;

/**
 * Intersection ids of rows looked up in JS from the rows' raw attribute values: the group names (canonical text,
 * bins, maps) are computed in DuckDB once per distinct combination of values instead of once per row.
 */
export class GroupLookup {
  private constructor(
    /** SQL expressions to stream with every row, in the order `id` takes them. */
    readonly keys: string[],
    private readonly tree: KeyTree,
  ) {}

  /**
   * The lookup for `intersections` (countGroups' list; ids are positions in it). Combinations that name no listed
   * group (seen only in rows the task drops) are left out.
   */
  static async build(
    conn: DuckDBConnection,
    table: string,
    columns: TableColumn[],
    attributes: GroupAttribute[],
    intersections: GroupCount[],
  ): Promise<GroupLookup> {
    const names = distinctColumns(attributes);
    const keys = names.map((name) => keySql(columns.find((c) => c.name === name)!));
    const exprs = attributes.map((a) => attributeSql(a, columns));
    const rows = await queryObjects(
      conn,
      `SELECT ${keys.map((k, i) => `${k} AS k${i}`).join(', ')}, ${exprs.map((e, i) => `${e} AS g${i}`).join(', ')} ` +
        `FROM (SELECT DISTINCT ${names.map(ident).join(', ')} FROM ${table})`,
    );
    const ids = new Map(intersections.map((g, id) => [groupName(g.parts), id]));
    const tree: KeyTree = new Map();
    for (const row of rows) {
      const id = ids.get(groupName(exprs.map((_, i) => String(row[`g${i}`]))));
      if (id === undefined) continue;
      let node = tree;
      for (let i = 0; i < keys.length - 1; i++) {
        const k = row[`k${i}`];
        let next = node.get(k) as KeyTree | undefined;
        if (!next) node.set(k, (next = new Map()));
        node = next;
      }
      node.set(row[`k${keys.length - 1}`], id);
    }
    return new GroupLookup(keys, tree);
  }

  /** The intersection id of a row whose streamed key values are `values`, or -1 when they form no known group. */
  id(values: ArrayLike<unknown>): number {
    let node: KeyTree | number | undefined = this.tree;
    for (let i = 0; i < values.length && node instanceof Map; i++) node = node.get(values[i]);
    return typeof node === 'number' ? node : -1;
  }
}

export function groupName(parts: string[]): string {
  return parts.join(INTERSECTION_SEPARATOR);
}

/** Each attribute must split the data: one value (or everything mapped into one group) cannot be compared. */
export function checkAttributes(spec: Pick<GroupsSpec, 'attributes'>, perAttribute: GroupCount[][]): void {
  spec.attributes.forEach((a, i) => {
    const known = (perAttribute[i] ?? []).filter((g) => g.parts[0] !== UNKNOWN_GROUP);
    if (known.length < 2) {
      throw new FairboundError(
        'group-invalid',
        known.length === 0
          ? `Protected attribute ${attributeName(a)} is missing in every row.`
          : `Protected attribute ${attributeName(a)} has a single group ("${known[0]!.parts[0]}") in the data: there is nothing to compare it with.`,
        { column: a.column },
      );
    }
  });
}

/** The subgroup table the data tab shows: count, share and base rate per group, small groups flagged. */
export async function groupTable(
  conn: DuckDBConnection,
  table: string,
  columns: TableColumn[],
  spec: GroupsSpec,
  label?: string,
): Promise<GroupTable> {
  const { perAttribute, intersections } = await countGroups(conn, table, columns, spec, { label });
  checkAttributes(spec, perAttribute);
  const total = intersections.reduce((s, g) => s + g.count, 0);
  const chosen = spec.intersect || spec.attributes.length === 1 ? intersections : perAttribute.flat();
  const groups: GroupRow[] = chosen.map((g) => ({
    name: groupName(g.parts),
    parts: g.parts,
    count: g.count,
    share: total ? g.count / total : 0,
    baseRate: g.positives === null ? null : g.count ? g.positives / g.count : 0,
    small: g.count < spec.minSize,
    unknown: g.parts.includes(UNKNOWN_GROUP),
  }));
  const warnings: string[] = [];
  const small = groups.filter((g) => g.small);
  if (small.length) {
    warnings.push(
      `${small.length} group(s) have fewer than ${spec.minSize} rows (${small
        .slice(0, 5)
        .map((g) => g.name)
        .join(', ')}${small.length > 5 ? ', …' : ''}): their rates are too noisy to constrain.`,
    );
  }
  const unknown = groups.filter((g) => g.unknown).reduce((s, g) => s + g.count, 0);
  if (unknown) warnings.push(`${unknown} row(s) have a missing protected value and form the "${UNKNOWN_GROUP}" group.`);
  return { attributes: spec.attributes.map(attributeName), groups, total, minSize: spec.minSize, warnings };
}
