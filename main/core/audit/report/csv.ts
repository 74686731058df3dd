import { AUDIT_METRIC_KEYS, type AuditResult, type Estimate } from '../../../../shared/audit.js';

/**
 * The report's tables in long form, one row per (section, split, table, group, metric): easy to filter in a
 * spreadsheet and stable when groups or metrics are added.
 */
const HEADER = ['section', 'split', 'table', 'group', 'n', 'metric', 'value', 'ci_low', 'ci_high', 'note'];

function cell(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Where a row belongs: its section, split, table, group and that group's size. */
type RowPlace = [section: string, split: string, table: string, group: string, n: number | string];

export function auditToCsv(a: AuditResult): string {
  const lines: unknown[][] = [HEADER];
  /** A writer for the rows of one place: each call adds one metric there. */
  const at =
    (...place: RowPlace) =>
    (metric: string, e: Estimate, note = '') =>
      lines.push([...place, metric, e.value, e.lo, e.hi, [e.reason, note].filter(Boolean).join('; ')]);
  for (const split of [a.splits.train, a.splits.validation, a.splits.test]) {
    if (!split) continue;
    const overall = at('overall', split.split, '', 'all', split.n);
    for (const k of AUDIT_METRIC_KEYS) overall(k, split.overall[k]);
    const summary = at('summary', split.split, '', 'all', split.n);
    for (const [k, e] of Object.entries(split.summary)) summary(k, e);
    for (const t of split.tables) {
      for (const g of t.rows) {
        const group = at('group', split.split, t.title, g.name, g.n);
        const flags = [g.small ? 'small n' : '', g.unknown ? 'unknown' : ''].filter(Boolean).join(', ');
        for (const k of AUDIT_METRIC_KEYS) {
          group(k, g.metrics[k], flags);
          group(`${k} minus reference (${t.reference})`, g.vsReference[k].diff);
          const ratio = g.vsReference[k].ratio;
          if (ratio) group(`${k} ratio to reference (${t.reference})`, ratio);
        }
        group(
          `impact ratio (selection rate ÷ ${t.highestSelection ?? 'n/a'})`,
          g.impactRatio,
          `four-fifths ${g.fourFifths}: ${g.fourFifthsReason}`,
        );
      }
    }
  }
  for (const c of a.certificate) {
    for (const s of c.splits) {
      at(
        'certificate',
        s.split,
        c.name,
        c.groups.join(' | '),
        '',
      )(
        `${c.formula}; tolerance ${c.tolerance}`,
        { value: s.value, lo: s.lo, hi: s.hi },
        `${s.verdict}; one-sided upper ${s.upper ?? 'n/a'}`,
      );
    }
  }
  const point = (value: number | null): Estimate => ({ value, lo: null, hi: null });
  for (const t of a.ll144) {
    at(
      'll144',
      'test',
      t.title,
      'all',
      a.splits.test.n,
    )('median score (scoring-rate cut-off)', point(t.medianScore), 'a score equal to the median is not above it');
    for (const r of t.rows) {
      const category = at('ll144', 'test', t.title, r.category, r.n);
      category(`selection rate (p ≥ ${a.threshold})`, point(r.selectionRate), r.status);
      category('impact ratio (selection rate)', point(r.impactRatio), r.status);
      category('scoring rate (p > median)', point(r.scoringRate), `${r.status}; ${r.aboveMedian} above the median`);
      category('impact ratio (scoring rate)', point(r.scoringImpactRatio), r.status);
    }
    at('ll144', 'test', t.title, 'Unknown (not in impact ratios)', t.unknownCount)('count', point(t.unknownCount));
  }
  return lines.map((l) => l.map(cell).join(',')).join('\n') + '\n';
}
