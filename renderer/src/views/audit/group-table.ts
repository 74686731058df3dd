import type { AuditMetricKey, Estimate, GroupRow } from '../../../../shared/audit.js';

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
  const f = (v: number) => (unit === 'pct' ? `${(v * 100).toFixed(1)}%` : unit === 'ratio' ? v.toFixed(3) : v.toFixed(4));
  return e.lo === null || e.hi === null ? f(e.value) : `${f(e.value)} [${f(e.lo)}, ${f(e.hi)}]`;
}

export const TABLE_COLUMNS: { key: SortKey; label: string; unit: 'pct' | 'num' | 'ratio'; title: string }[] = [
  { key: 'n', label: 'N', unit: 'num', title: 'rows of the group in the split' },
  { key: 'baseRate', label: 'Base rate', unit: 'pct', title: 'share of actual positives' },
  { key: 'positiveRate', label: 'Selection rate', unit: 'pct', title: 'share predicted positive (p ≥ threshold)' },
  { key: 'impactRatio', label: 'Impact ratio', unit: 'ratio', title: 'selection rate of group ÷ highest selection rate' },
  { key: 'tpr', label: 'TPR', unit: 'pct', title: 'true-positive rate' },
  { key: 'fpr', label: 'FPR', unit: 'pct', title: 'false-positive rate' },
  { key: 'fnr', label: 'FNR', unit: 'pct', title: 'false-negative rate' },
  { key: 'ppv', label: 'PPV', unit: 'pct', title: 'precision' },
  { key: 'npv', label: 'NPV', unit: 'pct', title: 'negative predictive value' },
  { key: 'accuracy', label: 'Accuracy', unit: 'pct', title: 'share classified correctly' },
  { key: 'loss', label: 'Loss', unit: 'num', title: 'mean cross-entropy' },
  { key: 'auc', label: 'AUC', unit: 'num', title: 'area under the ROC curve' },
  { key: 'calibrationError', label: 'ECE', unit: 'num', title: 'expected calibration error' },
];

export function cellText(row: GroupRow, key: SortKey, unit: 'pct' | 'num' | 'ratio'): string {
  if (key === 'name') return row.name;
  if (key === 'n') return row.n.toLocaleString('en-US');
  if (key === 'impactRatio') return formatEstimate(row.impactRatio, 'ratio');
  return formatEstimate(row.metrics[key], unit);
}
