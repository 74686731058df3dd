import { METRIC_LABELS, AUDIT_METRIC_KEYS } from '../../../../shared/audit.js';
import { count, esc } from './format.js';
import { table } from './html.js';
import type { ReportInput } from './report-input.js';

/** The dataset columns a model reads, from its encoded feature names ("OCCP=4720" and "AGEP__missing" are OCCP and AGEP). */
export function modelInputs(featureNames: readonly string[]): string[] {
  return [...new Set(featureNames.map((f) => f.replace(/__missing$/, '').split('=')[0]!))];
}

/** The proxies paragraph, naming this model's own inputs (never examples the dataset does not have). */
export function proxiesText(protectedInputs: readonly string[], inputs: readonly string[]): string {
  const others = inputs.filter((c) => !protectedInputs.includes(c));
  const shown = others.slice(0, 12).join(', ') + (others.length > 12 ? `, and ${others.length - 12} more` : '');
  const own = protectedInputs.length
    ? `The protected attribute(s) ${esc(protectedInputs.join(', '))} are also model inputs.`
    : 'Protected attributes are not model inputs.';
  if (others.length === 0) return `${own} The model has no other inputs.`;
  return `${own} Its other input${others.length === 1 ? '' : 's'} (${esc(shown)}) can still carry group information and act as proxies; this audit measures outcomes per group, not which input carries it.`;
}

export function limitations(r: ReportInput): string {
  const a = r.audit;
  const inter = a.splits.test.tables[a.splits.test.tables.length - 1]!;
  const small = inter.rows.filter((g) => g.small);
  const unknown = inter.rows.filter((g) => g.unknown).reduce((s, g) => s + g.n, 0);
  const undefinedRates = inter.rows
    .filter((g) => g.metrics.tpr.value === null || g.metrics.fpr.value === null)
    .map((g) => g.name);
  const proxies = r.config.data.protectedAsFeatures;
  return `<section>
<h2>11 Limitations, ethical considerations and recommendations</h2>
<ul>
<li><b>Statistical power.</b> ${
    small.length
      ? `${small.length} group(s) have fewer than ${a.minSize} test rows (${esc(
          small
            .slice(0, 10)
            .map((g) => `${g.name} (n = ${count(g.n)})`)
            .join(', '),
        )}${small.length > 10 ? ', …' : ''}); their intervals are wide and their point estimates should not be acted on alone.`
      : `Every group has at least ${a.minSize} test rows.`
  } ${undefinedRates.length ? `Error rates are undefined for: ${esc(undefinedRates.slice(0, 10).join(', '))} (no positives or no negatives).` : ''}</li>
<li><b>Unknown and unmeasured groups.</b> ${unknown ? `${count(unknown)} test rows have an unknown protected value and are reported as their own group.` : 'No protected value is missing in the test data.'} Attributes not collected (e.g. disability) cannot be audited here.</li>
<li><b>Proxies.</b> ${proxiesText(proxies, modelInputs(r.task.featureNames))}</li>
<li><b>Label bias.</b> The label records past outcomes; if those were unfair, equal error rates against it can still encode the unfairness.</li>
<li><b>Distribution shift.</b> All figures are for the held-out split of the same data source; the population the system is used on may differ. The bootstrap intervals do not cover shift.</li>
<li><b>Fairness metrics are not fairness.</b> The criteria above are necessary checks chosen for this use, not a certificate that the system is fair; notions conflict when base rates differ (see the sufficiency gap).</li>
<li><b>Monitoring.</b> Re-run this audit on fresh data at least every 12 months (NYC LL144 requires an audit under one year old), and whenever the model, the data source or the decision threshold changes.</li>
</ul>
</section>`;
}

export function appendices(r: ReportInput): string {
  const glossary = [
    ...AUDIT_METRIC_KEYS.map((k) => [
      esc(METRIC_LABELS[k].short),
      esc(METRIC_LABELS[k].long),
      `<span class="mono">${esc(METRIC_LABELS[k].formula)}</span>`,
    ]),
    [
      'Impact ratio',
      'Selection rate of a group ÷ the highest selection rate among known groups of at least minimum size (LL144)',
      '<span class="mono">PR_g / max_h PR_h</span>',
    ],
    [
      'Scoring rate',
      'Share of a group whose score (the probability p) is strictly above the median score of the whole split (LL144, score-output tools)',
      '<span class="mono">#{p_i &gt; median} / N_g</span>',
    ],
    [
      'Impact ratio (scoring)',
      'Scoring rate of a group ÷ the highest scoring rate among known groups of at least 2 % of the split (LL144)',
      '<span class="mono">SR_g / max_h SR_h</span>',
    ],
    [
      'Four-fifths rule',
      'Adverse impact is indicated when the impact ratio is below 0.8 (EEOC Uniform Guidelines §1607.4(D))',
      '<span class="mono">PR_g / max_h PR_h ≥ 0.8</span>',
    ],
    [
      'Ratio to reference',
      'Metric of the group ÷ metric of the reference group (the largest known group)',
      '<span class="mono">m_g / m_ref</span>',
    ],
    [
      'Difference to reference',
      'Metric of the group − metric of the reference group',
      '<span class="mono">m_g − m_ref</span>',
    ],
    [
      'Independence',
      'Largest gap in selection rates between two groups',
      '<span class="mono">max |PR_a − PR_b|</span>',
    ],
    [
      'Separation',
      'Largest sum of TPR and FPR gaps between two groups',
      '<span class="mono">max |TPR_a − TPR_b| + |FPR_a − FPR_b|</span>',
    ],
    [
      'Sufficiency',
      'Largest sum of PPV and NPV gaps between two groups',
      '<span class="mono">max |PPV_a − PPV_b| + |NPV_a − NPV_b|</span>',
    ],
    [
      'Bootstrap interval',
      'Rows are resampled with replacement within each group; the interval is the 2.5th–97.5th percentile of the statistic over resamples; the one-sided upper bound is the 95th percentile',
      '—',
    ],
  ];
  const crosswalk = [
    [
      'NYC LL144: selection or scoring rates and impact ratios by sex, race/ethnicity and intersection',
      'Section 8, "NYC Local Law 144 bias-audit format"',
    ],
    ['NYC LL144: number of individuals in an unknown category', 'Section 8 (per LL144 table) and section 3'],
    ['NYC LL144: excluded categories under 2 % with N and rate', 'Section 8'],
    ['NYC LL144: date of audit, data source and explanation, distribution date', 'Cover, section 3, section 8'],
    ['EU AI Act Annex IV §2(b): design choices, trade-offs, assumptions about groups', 'Sections 4, 5, 10'],
    [
      'EU AI Act Annex IV §2(g): validation and testing, metrics incl. discriminatory impacts, dated and signed logs',
      'Sections 6–9, cover (signatures)',
    ],
    ['EU AI Act Art. 10(2)(f–g): examination of possible biases, data gaps', 'Sections 3, 8, 11'],
    ['EU AI Act Art. 13: performance as regards specific persons or groups', 'Sections 7, 8'],
    ['EEOC four-fifths rule', 'Sections 1, 8'],
  ];
  const versions = [
    ['Fairbound', esc(r.results.app.version)],
    ['Results file created', esc(r.results.createdAt)],
    [
      'Backend',
      `${esc(r.results.backend)} (${esc(r.results.device)})${r.results.backendNotes.length ? `; notes: ${esc(r.results.backendNotes.join('; '))}` : ''}`,
    ],
    [
      'Seeds',
      `run ${r.audit.run.seed}, task ${r.config.seed}, split ${r.config.split.seed}, bootstrap ${r.audit.bootstrap.seed}`,
    ],
    ['Dataset SHA-256', `<span class="mono">${esc(r.results.dataset.sha256)}</span>`],
    ['Configuration SHA-256', `<span class="mono">${esc(r.results.configSha256)}</span>`],
    ['Model weights SHA-256 (combined)', `<span class="mono">${esc(r.modelHashes.combined)}</span>`],
    ...Object.entries(r.modelHashes.files).map(([f, h]) => [
      `&nbsp;&nbsp;${esc(f)}`,
      `<span class="mono">${esc(h)}</span>`,
    ]),
  ];
  return `<section>
<h2>Appendix A — Metric glossary</h2>
${table(['Term', 'Meaning', 'Formula'], glossary)}
<p class="note">TP, FP, TN, FN count true/false positives/negatives with "positive" meaning p ≥ threshold; P = TP + FN actual positives; N = rows in the group.</p>
<h2 style="margin-top:6mm">Appendix B — Regulatory cross-walk</h2>
${table(['Requirement', 'Where in this report'], crosswalk)}
</section>
<section>
<h2>Appendix C — Reproducibility manifest</h2>
${table(['Item', 'Value'], versions)}
<h3>Task configuration (JSON)</h3>
<pre class="mono">${esc(JSON.stringify(r.results.config, null, 2))}</pre>
<h2 style="margin-top:6mm">Appendix D — Machine-readable attachment</h2>
<p>The tables of this report are saved next to it as <span class="mono">${esc(r.attachments.json)}</span> (the full audit result, including every interval) and <span class="mono">${esc(r.attachments.csv)}</span> (one row per split, table, group and metric).</p>
</section>`;
}
