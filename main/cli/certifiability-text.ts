import { certifiabilityText, tooSmallGroupsText, type Certifiability } from '../../shared/certifiability.js';
import { CONSTRAINT_DESCRIPTIONS } from '../../shared/fairness.js';

/** What the test split can certify, one line per constraint, as `inspect CONFIG.json` and `run` print it. */
export function certifiabilityLines(c: Certifiability): string[] {
  const imbalance = c.labelImbalance ? [`warning: ${c.labelImbalance}`] : [];
  if (c.constraints.length === 0) return [...imbalance, 'no constraints: nothing to certify'];
  return [
    ...imbalance,
    `certifiable on the test split (${c.testRows.toLocaleString('en-US')} rows, 95 %, simultaneous over all pairs${c.constraints.some((k) => k.kind === 'loss-gap' || k.kind === 'worst-group-loss') ? `, loss sd ${c.lossSd} assumed` : ''}):`,
    ...c.constraints.flatMap((k, i) => {
      const small = tooSmallGroupsText(k);
      return [
        `  C${i + 1} ${CONSTRAINT_DESCRIPTIONS[k.kind].title} ≤ ${k.tolerance}: ${certifiabilityText(k, c.testRows)}`,
        ...(small ? [`     ${small}`] : []),
      ];
    }),
  ];
}
