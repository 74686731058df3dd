import type { Ll144Table } from '../../../shared/audit.js';
import type { Evaluation } from './bootstrap.js';
import type { AuditData } from './compute-audit.js';
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

/**
 * LL144-format tables from the test split's point statistics. Counts add up across training groups, so every
 * subset of attributes is a sum, not a second pass. Impact ratio = category rate ÷ highest included rate.
 */
export function buildLl144(data: AuditData, test: Evaluation): Ll144Table[] {
  const names = data.attributes.map((a) => a.name);
  if (!data.groups.every((g) => g.parts.length === names.length)) return [];
  return ll144Subsets(data.attributes).map(({ title, indices }) => {
    const grouping = subsetGrouping(names, data.groups, indices);
    const n = new Float64Array(grouping.groups.length);
    const selected = new Float64Array(grouping.groups.length);
    data.groups.forEach((_, g) => {
      const k = grouping.map[g]!;
      n[k] = n[k]! + test.stats[g * STATS_WIDTH + S.n]!;
      selected[k] = selected[k]! + test.stats[g * STATS_WIDTH + S.predictedPositives]!;
    });
    const total = n.reduce((a, b) => a + b, 0);
    const rows = grouping.groups.map((g, k) => {
      const share = total > 0 ? n[k]! / total : 0;
      const status: Ll144Table['rows'][number]['status'] = g.parts.some(isUnknownPart)
        ? 'unknown'
        : share < MIN_SHARE
          ? 'excluded-small'
          : 'included';
      return { category: g.name, n: n[k]!, share, selectionRate: n[k]! > 0 ? selected[k]! / n[k]! : null, impactRatio: null as number | null, status };
    });
    const best = Math.max(0, ...rows.filter((r) => r.status === 'included').map((r) => r.selectionRate ?? 0));
    for (const r of rows) {
      if (r.status === 'included' && best > 0 && r.selectionRate !== null) r.impactRatio = r.selectionRate / best;
    }
    rows.sort((a, b) => (a.impactRatio ?? Infinity) - (b.impactRatio ?? Infinity) || b.n - a.n);
    return {
      title,
      attributes: indices.map((i) => names[i]!),
      rows: rows.filter((r) => r.n > 0),
      unknownCount: rows.filter((r) => r.status === 'unknown').reduce((a, r) => a + r.n, 0),
    };
  });
}
