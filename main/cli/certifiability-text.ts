import { certifiabilityText, tooSmallGroupsText, type Certifiability } from '../../shared/certifiability.js';
import { comparisonText, CONSTRAINT_DESCRIPTIONS } from '../../shared/fairness.js';

/** What the test split can certify, one line per constraint, as `inspect CONFIG.json` and `run` print it. */
export function certifiabilityLines(c: Certifiability): string[] {
  const imbalance = c.labelImbalance ? [`warning: ${c.labelImbalance}`] : [];
  if (c.constraints.length === 0) return [...imbalance, 'no constraints: nothing to certify'];
  // The 95 % holds jointly over every comparison of every constraint (Bonferroni), whatever each one compares.
  const comparisons = c.constraints.reduce((n, k) => n + k.measures, 0);
  return [
    ...imbalance,
    `certifiable on the test split (${c.testRows.toLocaleString('en-US')} rows, 95 %, simultaneous over all ${comparisons.toLocaleString('en-US')} comparisons${c.constraints.some((k) => k.kind === 'loss-gap' || k.kind === 'worst-group-loss') ? `, loss sd ${c.lossSd} assumed` : ''}):`,
    ...c.constraints.flatMap((k, i) => {
      const small = tooSmallGroupsText(k);
      return [
        `  C${i + 1} ${CONSTRAINT_DESCRIPTIONS[k.kind].title}, ${comparisonText(k.kind, k.topology)}, ≤ ${k.tolerance}: ${certifiabilityText(k, c.testRows)}`,
        ...(small ? [`     ${small}`] : []),
      ];
    }),
  ];
}
