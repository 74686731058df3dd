import type { Spread } from '../../../../shared/ipc/channels/training.js';

/** A figure with a fixed number of decimals and thousands separators ("18,862", "0.8123"); "—" when missing. */
export function figureText(v: number | null | undefined, digits = 4): string {
  if (v === null || v === undefined) return '—';
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Median over a job's runs, and its range in brackets, formatted like the runs' own cells. */
export function spreadText(s: Spread | null | undefined, digits = 4): { median: string; range: string } {
  return s
    ? { median: figureText(s.median, digits), range: `(${figureText(s.min, digits)}–${figureText(s.max, digits)})` }
    : { median: '—', range: '' };
}

/** A run's "Model iterate" cell: the iterate that became the model, of all iterations run. */
export function iterationText(r: { iterations: number; selectedIteration?: number | undefined }): string {
  const total = figureText(r.iterations, 0);
  return r.selectedIteration === undefined
    ? `${total} iterations`
    : `iteration ${figureText(r.selectedIteration, 0)} of ${total}`;
}

/** The median row's "Model iterate" cell: how many iterations the runs took (the selected iterate differs per run). */
export function iterationSpreadText(s: Spread): { median: string; range: string } {
  const { median, range } = spreadText(s, 0);
  return { median: `${median} iterations`, range };
}
