import { describe, expect, it } from 'vitest';
import { AUDIT_METRIC_KEYS, METRIC_LABELS, type GroupRow } from '../../../../shared/audit.js';
import {
  cellParts,
  cellText,
  COLUMN_VIEWS,
  formatEstimate,
  sortRows,
  TABLE_COLUMNS,
  viewColumns,
} from '../../../../renderer/src/views/audit/group-table.js';

function row(name: string, n: number, tpr: number | null): GroupRow {
  const e = (value: number | null) => ({
    value,
    lo: null,
    hi: null,
    ...(value === null ? { reason: '0 positives' } : {}),
  });
  const metrics = Object.fromEntries(
    ['baseRate', 'positiveRate', 'tpr', 'fpr', 'fnr', 'ppv', 'npv', 'accuracy', 'loss', 'auc', 'calibrationError'].map(
      (k) => [k, e(k === 'tpr' ? tpr : 0.5)],
    ),
  ) as GroupRow['metrics'];
  const disparity = Object.fromEntries(
    Object.keys(metrics).map((k) => [k, { diff: e(0), ratio: null }]),
  ) as GroupRow['vsReference'];
  return {
    name,
    parts: [name],
    n,
    share: 0,
    positives: 0,
    predictedPositives: 0,
    small: false,
    unknown: false,
    metrics,
    vsReference: disparity,
    vsOverall: disparity,
    impactRatio: e(1),
    fourFifths: 'pass',
  };
}

describe('audit group table helpers', () => {
  const rows = [row('B', 10, 0.2), row('A', 30, null), row('C', 20, 0.9)];

  it('sorts numbers both ways and keeps undefined values last', () => {
    expect(sortRows(rows, 'tpr', true).map((r) => r.name)).toEqual(['B', 'C', 'A']);
    expect(sortRows(rows, 'tpr', false).map((r) => r.name)).toEqual(['C', 'B', 'A']);
    expect(sortRows(rows, 'n', false).map((r) => r.name)).toEqual(['A', 'C', 'B']);
    expect(sortRows(rows, 'name', true).map((r) => r.name)).toEqual(['A', 'B', 'C']);
  });

  it('prints n/a with the reason and intervals in brackets', () => {
    expect(cellText(rows[1]!, 'tpr', 'pct')).toBe('n/a (0 positives)');
    expect(formatEstimate({ value: 0.25, lo: 0.2, hi: 0.3 })).toBe('25.0% [20.0%, 30.0%]');
    expect(cellText(rows[1]!, 'n', 'num')).toBe('30');
  });
});

describe('audit group table columns', () => {
  it('name every metric as the audit report does (one definition in shared/audit.ts)', () => {
    for (const key of AUDIT_METRIC_KEYS) {
      const column = TABLE_COLUMNS.find((c) => c.key === key);
      expect(column?.label, key).toBe(METRIC_LABELS[key].short);
      expect(column?.title, key).toContain(METRIC_LABELS[key].long);
    }
  });

  it('splits the table into views of at most six columns that together show every column, N in each', () => {
    const shown = COLUMN_VIEWS.flatMap((v) => viewColumns(v.id).map((c) => c.key));
    expect(new Set(shown)).toEqual(new Set(TABLE_COLUMNS.map((c) => c.key)));
    for (const v of COLUMN_VIEWS) {
      expect(viewColumns(v.id)[0]!.key).toBe('n');
      expect(viewColumns(v.id).length).toBeLessThanOrEqual(6);
    }
    expect(COLUMN_VIEWS.filter((v) => v.fourFifths).map((v) => v.id)).toEqual(['selection']);
  });

  it('puts a cell’s interval apart from its value, and none where there is none', () => {
    const r = row('A', 30, 0.5);
    r.metrics.positiveRate = { value: 0.261, lo: 0.233, hi: 0.292 };
    expect(cellParts(r, 'positiveRate', 'pct')).toEqual({ value: '26.1%', interval: '[23.3%, 29.2%]' });
    expect(cellParts(row('A', 30, null), 'tpr', 'pct')).toEqual({ value: 'n/a (0 positives)', interval: null });
  });
});
