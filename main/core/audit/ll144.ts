import type { Ll144Table } from '../../../shared/audit.js';
import type { Evaluation } from './bootstrap.js';
import type { AuditData, SplitArrays } from './compute-audit.js';
import { S, STATS_WIDTH } from './group-stats.js';
import { MIN_SHARE } from './group-table.js';
import { isUnknownPart, subsetGrouping } from './groupings.js';

const SEX = /^(sex|gender)$|(^|[^a-z])(sex|gender)([^a-z]|$)/i;
const RACE = /rac1p|race|ethnic/i;

/** Attribute indices LL144 asks for: sex, race/ethnicity and their intersection; else each attribute. */
export function ll144Subsets(attributes: AuditData['attributes']): { title: string; indices: number[] }[] {
  const match = (re: RegExp) => attributes.findIndex((a) => re.test(a.name) || re.test(a.column));
  const sex = match(SEX);
  const race = match(RACE);
  const name = (i: number) => attributes[i]!.name;
  if (sex >= 0 || race >= 0) {
    const out: { title: string; indices: number[] }[] = [];
    if (sex >= 0) out.push({ title: `Sex (${name(sex)})`, indices: [sex] });
    if (race >= 0) out.push({ title: `Race/ethnicity (${name(race)})`, indices: [race] });
    if (sex >= 0 && race >= 0) out.push({ title: `Intersection: ${name(sex)} × ${name(race)}`, indices: [sex, race] });
    return out;
  }
  return attributes.map((a, i) => ({ title: a.name, indices: [i] }));
}

/** The sample median of the scores: the middle one, or the mean of the two middle ones when the count is even. */
export function medianScore(scores: Float32Array): number | null {
  if (scores.length === 0) return null;
  const sorted = Float64Array.from(scores).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Rows per training group scoring strictly above the median ("above the median": a tie does not count). */
function aboveMedianByGroup(split: SplitArrays, groupCount: number, median: number | null): Float64Array {
  const out = new Float64Array(groupCount);
  if (median === null) return out;
  for (let i = 0; i < split.probs.length; i++) {
    if (split.probs[i]! > median) out[split.groups[i]!]! += 1;
  }
  return out;
}

type Ll144Row = Ll144Table['rows'][number];

/** Rate of each included category ÷ the highest included rate; null for excluded and unknown categories. */
function impactRatios(rows: Ll144Row[], rate: (r: Ll144Row) => number | null): (number | null)[] {
  const best = Math.max(0, ...rows.filter((r) => r.status === 'included').map((r) => rate(r) ?? 0));
  return rows.map((r) => {
    const value = rate(r);
    return r.status === 'included' && best > 0 && value !== null ? value / best : null;
  });
}

/**
 * LL144-format tables of the test split, in both variants: selection rate (from the point statistics at the
 * threshold) and scoring rate (share above the median probability of the whole split, unknown rows included, as
 * the rule's "sample"). Counts add up across training groups, so every subset of attributes is a sum, not a second
 * pass. Impact ratio = category rate ÷ highest included rate of the same variant.
 */
export function buildLl144(data: AuditData, test: Evaluation): Ll144Table[] {
  const names = data.attributes.map((a) => a.name);
  if (!data.groups.every((g) => g.parts.length === names.length)) return [];
  const median = medianScore(data.test.probs);
  const aboveByGroup = aboveMedianByGroup(data.test, data.groups.length, median);
  return ll144Subsets(data.attributes).map(({ title, indices }) => {
    const grouping = subsetGrouping(names, data.groups, indices);
    const n = new Float64Array(grouping.groups.length);
    const selected = new Float64Array(grouping.groups.length);
    const above = new Float64Array(grouping.groups.length);
    data.groups.forEach((_, g) => {
      const k = grouping.map[g]!;
      n[k] = n[k]! + test.stats[g * STATS_WIDTH + S.n]!;
      selected[k] = selected[k]! + test.stats[g * STATS_WIDTH + S.predictedPositives]!;
      above[k] = above[k]! + aboveByGroup[g]!;
    });
    const total = n.reduce((a, b) => a + b, 0);
    const rows: Ll144Row[] = grouping.groups.map((g, k) => {
      const share = total > 0 ? n[k]! / total : 0;
      const status: Ll144Row['status'] = g.parts.some(isUnknownPart)
        ? 'unknown'
        : share < MIN_SHARE
          ? 'excluded-small'
          : 'included';
      const rate = (count: number) => (n[k]! > 0 ? count / n[k]! : null);
      return {
        category: g.name,
        n: n[k]!,
        share,
        selectionRate: rate(selected[k]!),
        impactRatio: null,
        aboveMedian: above[k]!,
        scoringRate: median === null ? null : rate(above[k]!),
        scoringImpactRatio: null,
        status,
      };
    });
    const selection = impactRatios(rows, (r) => r.selectionRate);
    const scoring = impactRatios(rows, (r) => r.scoringRate);
    rows.forEach((r, i) => {
      r.impactRatio = selection[i]!;
      r.scoringImpactRatio = scoring[i]!;
    });
    rows.sort((a, b) => (a.impactRatio ?? Infinity) - (b.impactRatio ?? Infinity) || b.n - a.n);
    return {
      title,
      attributes: indices.map((i) => names[i]!),
      medianScore: median,
      rows: rows.filter((r) => r.n > 0),
      unknownCount: rows.filter((r) => r.status === 'unknown').reduce((a, r) => a + r.n, 0),
    };
  });
}
