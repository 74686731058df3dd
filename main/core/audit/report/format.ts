import type { Estimate } from '../../../../shared/audit.js';

/** Text helpers for the report: every number printed the same way, every undefined value with its reason. */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function esc(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

export type Unit = 'pct' | 'ratio' | 'num' | 'pp';

export function num(value: number | null | undefined, unit: Unit = 'num'): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'n/a';
  switch (unit) {
    case 'pct':
      return `${(value * 100).toFixed(1)}\u00a0%`;
    case 'pp':
      return `${value >= 0 ? '+' : '−'}${Math.abs(value * 100).toFixed(1)}\u00a0pp`;
    case 'ratio':
      return value.toFixed(3);
    case 'num':
      return Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(4);
  }
}

export function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** "52.3 % [49.1 %, 55.0 %]", or "n/a (0 positives)". */
export function est(e: Estimate, unit: Unit = 'pct', withInterval = true): string {
  if (e.value === null) return `n/a${e.reason ? ` (${e.reason})` : ''}`;
  const point = num(e.value, unit);
  if (!withInterval || e.lo === null || e.hi === null) return point;
  return `${point} <span class="ci">[${num(e.lo, unit)}, ${num(e.hi, unit)}]</span>`;
}

/** A difference whose interval excludes 0 is flagged as statistically distinguishable from no difference. */
export function significant(e: Estimate): boolean {
  return e.lo !== null && e.hi !== null && (e.lo > 0 || e.hi < 0);
}
