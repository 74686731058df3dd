import { z } from 'zod';
import type { Estimate, Ll144Table } from './audit.js';

/**
 * The four-fifths rule (EEOC Uniform Guidelines, 29 CFR §1607.4(D)) judged with its uncertainty, the one rule behind
 * the audit tab and the PDF (docs/verdicts.md). Like the constraint verdicts, it never claims more than the interval
 * shows:
 *
 * - pass:         the whole interval of the impact ratio is at or above 0.8.
 * - fail:         the whole interval is below 0.8.
 * - inconclusive: the interval straddles 0.8, or the ratio cannot be estimated from this model's predictions
 *                 (a degenerate model, or too few selected rows to estimate a rate), with the reason.
 * - n/a:          the group has no impact ratio (unknown category, no rows, no eligible reference).
 */
export const FOUR_FIFTHS = 0.8;
export const FOUR_FIFTHS_VERDICTS = ['pass', 'fail', 'inconclusive', 'n/a'] as const;
export const fourFifthsVerdictSchema = z.enum(FOUR_FIFTHS_VERDICTS);
export type FourFifthsVerdict = z.infer<typeof fourFifthsVerdictSchema>;

/**
 * Fewer selected rows than this behind a selection rate (expected or observed) and the rate cannot be told from 0:
 * the bootstrap of a count this small collapses onto a point (the usual np ≥ 5 rule of thumb for a binomial).
 */
export const MIN_SELECTED_ROWS = 5;

export interface FourFifthsJudgement {
  verdict: FourFifthsVerdict;
  /** Why: the interval and its level, or what makes the rule unusable here. */
  reason: string;
}

export interface FourFifthsInput {
  impactRatio: Estimate;
  /** Level of the impact ratio's (two-sided) interval, e.g. 0.95. */
  confidence: number;
  /** Set when the model's predictions carry no evidence either way (degenerate model, too few selected rows). */
  unusable?: string | null;
}

const fmt = (v: number) => v.toFixed(3);

/** Why a degenerate model's impact ratios say nothing (its warnings' messages, as docs/verdicts.md lists them). */
export function degenerateReason(warnings: readonly { message: string }[]): string {
  return `degenerate model (${warnings.map((w) => w.message).join('; ')}): no evidence either way`;
}

/** Why the impact ratios' denominator cannot be estimated, or null when its group has enough selected rows. */
export function tooFewSelectedReason(highest: string, selected: number): string | null {
  return selected < MIN_SELECTED_ROWS
    ? `the highest selection rate (${highest}) rests on ${selected} selected row(s), fewer than ${MIN_SELECTED_ROWS}: too few to estimate`
    : null;
}

export function judgeFourFifths({ impactRatio, confidence, unusable }: FourFifthsInput): FourFifthsJudgement {
  const { value, lo, hi } = impactRatio;
  if (value === null) return { verdict: 'n/a', reason: impactRatio.reason ?? 'no impact ratio' };
  if (unusable) return { verdict: 'inconclusive', reason: unusable };
  if (lo === null || hi === null) return { verdict: 'inconclusive', reason: 'no interval for the impact ratio' };
  const interval = `${Math.round(confidence * 100)} % interval [${fmt(lo)}, ${fmt(hi)}]`;
  if (lo >= FOUR_FIFTHS) return { verdict: 'pass', reason: `${interval} at or above ${FOUR_FIFTHS}` };
  if (hi < FOUR_FIFTHS) return { verdict: 'fail', reason: `${interval} below ${FOUR_FIFTHS}` };
  return { verdict: 'inconclusive', reason: `${interval} straddles ${FOUR_FIFTHS}: the data cannot tell` };
}

/** Worst first, as for constraint verdicts: one failing group fails the table; any doubt leaves it inconclusive. */
const SEVERITY: Record<FourFifthsVerdict, number> = { fail: 3, inconclusive: 2, pass: 1, 'n/a': 0 };

/** The verdict of a whole table from its judged rows; null when no row has a verdict. */
export function combineFourFifths(judgements: readonly FourFifthsJudgement[]): FourFifthsJudgement | null {
  const judged = judgements.filter((j) => j.verdict !== 'n/a');
  if (judged.length === 0) return null;
  return judged.reduce((a, b) => (SEVERITY[b.verdict] > SEVERITY[a.verdict] ? b : a));
}

/**
 * Why an LL144 table's selection-rate impact ratios cannot support a four-fifths finding (the same reasons as the
 * group tables': a degenerate model, or a highest included rate from too few selected rows); null when they can.
 */
export function ll144SelectionCaveat(
  table: Pick<Ll144Table, 'rows'>,
  warnings: readonly { message: string }[],
): string | null {
  if (warnings.length) return degenerateReason(warnings);
  const included = table.rows.filter((r) => r.status === 'included' && r.selectionRate !== null);
  if (included.length === 0) return null;
  const top = included.reduce((a, b) => (b.selectionRate! > a.selectionRate! ? b : a));
  return tooFewSelectedReason(top.category, Math.round(top.selectionRate! * top.n));
}
