import { METRIC_LABELS, type AuditMetricKey, type Estimate, type GroupRow } from '../../../../shared/audit.js';

/** Sorting and formatting of the audit group table: plain functions, tested without a DOM. */

export type SortKey = 'name' | 'n' | 'impactRatio' | AuditMetricKey;

export function sortValue(row: GroupRow, key: SortKey): number | string | null {
  if (key === 'name') return row.name;
  if (key === 'n') return row.n;
  if (key === 'impactRatio') return row.impactRatio.value;
  return row.metrics[key].value;
}

/** Undefined values sort last in both directions, so "n/a" groups never hide at the top or vanish. */
export function sortRows(rows: GroupRow[], key: SortKey, ascending: boolean): GroupRow[] {
  const dir = ascending ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = sortValue(a, key);
    const y = sortValue(b, key);
    if (x === null && y === null) return 0;
    if (x === null) return 1;
    if (y === null) return -1;
    if (typeof x === 'string' || typeof y === 'string') return dir * String(x).localeCompare(String(y));
    return dir * (x - y);
  });
}

export function formatEstimate(e: Estimate, unit: 'pct' | 'num' | 'ratio' = 'pct'): string {
  if (e.value === null) return `n/a${e.reason ? ` (${e.reason})` : ''}`;
  const f = (v: number) =>
    unit === 'pct' ? `${(v * 100).toFixed(1)}%` : unit === 'ratio' ? v.toFixed(3) : v.toFixed(4);
  return e.lo === null || e.hi === null ? f(e.value) : `${f(e.value)} [${f(e.lo)}, ${f(e.hi)}]`;
}

type Unit = 'pct' | 'num' | 'ratio';

const METRIC_UNITS: Record<AuditMetricKey, Unit> = {
  baseRate: 'pct',
  positiveRate: 'pct',
  tpr: 'pct',
  fpr: 'pct',
  fnr: 'pct',
  ppv: 'pct',
  npv: 'pct',
  accuracy: 'pct',
  loss: 'num',
  auc: 'num',
  calibrationError: 'num',
};

/** A metric's column: its names come from the audit's one definition (METRIC_LABELS in shared/audit.ts). */
const metricColumn = (key: AuditMetricKey) => ({
  key,
  label: METRIC_LABELS[key].short,
  unit: METRIC_UNITS[key],
  title: `${METRIC_LABELS[key].long}: ${METRIC_LABELS[key].formula}`,
});

export const TABLE_COLUMNS: { key: SortKey; label: string; unit: Unit; title: string }[] = [
  { key: 'n', label: 'N', unit: 'num', title: 'rows of the group in the split' },
  metricColumn('baseRate'),
  metricColumn('positiveRate'),
  {
    key: 'impactRatio',
    label: 'Impact ratio',
    unit: 'ratio',
    title: 'selection rate of group ÷ highest selection rate',
  },
  ...(['tpr', 'fpr', 'fnr', 'ppv', 'npv', 'accuracy', 'loss', 'auc', 'calibrationError'] as const).map(metricColumn),
];

/**
 * The table's columns in views of a few metrics each, so a table with 95 % intervals fits a 1,024 px window: N in
 * every view, the four-fifths verdict with the selection rates.
 */
export const COLUMN_VIEWS = [
  { id: 'selection', label: 'Selection', keys: ['n', 'baseRate', 'positiveRate', 'impactRatio'], fourFifths: true },
  { id: 'errors', label: 'Error rates', keys: ['n', 'tpr', 'fpr', 'fnr', 'ppv', 'npv'], fourFifths: false },
  {
    id: 'fit',
    label: 'Accuracy and calibration',
    keys: ['n', 'accuracy', 'loss', 'auc', 'calibrationError'],
    fourFifths: false,
  },
] as const satisfies readonly { id: string; label: string; keys: readonly SortKey[]; fourFifths: boolean }[];
export type ColumnView = (typeof COLUMN_VIEWS)[number]['id'];

/** The columns of one view, in table order. */
export function viewColumns(view: ColumnView): typeof TABLE_COLUMNS {
  const keys: readonly SortKey[] = COLUMN_VIEWS.find((v) => v.id === view)!.keys;
  return TABLE_COLUMNS.filter((c) => keys.includes(c.key));
}

/** A cell as value and 95 % interval apart ("26.1%", "[23.3%, 29.2%]"), so the interval can sit under the value. */
export function cellParts(row: GroupRow, key: SortKey, unit: Unit): { value: string; interval: string | null } {
  const text = cellText(row, key, unit);
  const at = text.indexOf(' [');
  return at < 0 ? { value: text, interval: null } : { value: text.slice(0, at), interval: text.slice(at + 1) };
}

export function cellText(row: GroupRow, key: SortKey, unit: 'pct' | 'num' | 'ratio'): string {
  if (key === 'name') return row.name;
  if (key === 'n') return row.n.toLocaleString('en-US');
  if (key === 'impactRatio') return formatEstimate(row.impactRatio, 'ratio');
  return formatEstimate(row.metrics[key], unit);
}
