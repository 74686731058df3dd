import { CARD_METRIC_KEYS } from '../../../../shared/model-card.js';
import { METRIC_LABELS } from '../../../../shared/audit.js';
import { modelCardFrom, type ModelCardSource } from '../../export/model-card.js';
import { count, esc, est, num } from './format.js';
import { kv, table, verdictCell } from './html.js';

/** The model card (as `fairbound export` writes it beside the ONNX model), printed from the same audit. */
export function modelCardAppendix(r: ModelCardSource): string {
  const card = modelCardFrom(r, r.config.model.hidden);
  const unset = '<span class="placeholder">not stated</span>';
  const use = card.intendedUse;
  const unit = (k: (typeof CARD_METRIC_KEYS)[number]) => (k === 'loss' || k === 'auc' ? 'ratio' : 'pct');
  const metricHeaders = ['Group', 'N', ...CARD_METRIC_KEYS.map((k) => esc(METRIC_LABELS[k].short))];
  const metricRow = (name: string, n: number | null, m: (typeof card.metrics)['overall']) => [
    esc(name),
    n === null ? '—' : count(n),
    ...CARD_METRIC_KEYS.map((k) => est(m[k], unit(k))),
  ];
  return `<section>
<h2>Appendix D — Model card</h2>
<p class="note">The card <code>fairbound export</code> writes beside the ONNX model (<code>*.model-card.json</code>), from this audit's figures.</p>
${kv([
  [
    'Model',
    `${esc(card.model.name)} — ${esc(card.model.run)} (${esc(card.model.solver)}, seed ${card.model.seed}); hidden layers [${card.model.hidden.join(', ')}]; ${card.model.featureNames.length} inputs after preprocessing`,
  ],
  ['Decision rule', `positive when p ≥ ${num(card.model.threshold, 'ratio')}`],
  ['Intended decision', use.decision === null ? unset : esc(use.decision)],
  ['Persons affected', use.affected === null ? unset : esc(use.affected)],
  ['Out-of-scope uses', use.outOfScope === null ? unset : esc(use.outOfScope)],
  [
    'Protected attributes',
    `${esc(card.protectedAttributes.names.join(', '))}; read by the model: ${card.protectedAttributes.usedAsInputs.length ? esc(card.protectedAttributes.usedAsInputs.join(', ')) : 'none'}`,
  ],
  [
    'Data',
    `${esc(card.data.file)}, SHA-256 <span class="mono">${esc(card.data.sha256)}</span>; label ${esc(card.data.label)}; ${count(card.data.rowsUsed)} of ${count(card.data.rowsRead)} rows used (train ${count(card.data.split.train)}, validation ${count(card.data.split.validation)}, test ${count(card.data.split.test)})`,
  ],
  [
    'Groups (train rows)',
    card.groups.map((g) => `${esc(g.name)} ${count(g.trainCount)}${g.small ? ' (small)' : ''}`).join('; '),
  ],
  ['Model SHA-256', `<span class="mono">${esc(card.model.modelSha256)}</span>`],
])}
${
  card.constraints.length
    ? table(
        ['Constraint', 'Tolerance', 'Test value [interval]', 'Upper bound', 'Verdict'],
        card.constraints.map((c) => [
          esc(c.name),
          esc(String(c.tolerance)),
          c.test.value === null
            ? 'n/a'
            : `${num(c.test.value)} <span class="ci">[${num(c.test.lo)}, ${num(c.test.hi)}]</span>`,
          num(c.test.upper),
          verdictCell(c.test.verdict),
        ]),
      )
    : '<p>No fairness constraint was trained for.</p>'
}
${table(metricHeaders, [metricRow('Overall', null, card.metrics.overall), ...card.metrics.groups.map((g) => metricRow(g.name, g.n, g.metrics))])}
<p class="note">Test split; ${Math.round(card.metrics.confidence * 100)} % bootstrap intervals over ${count(card.metrics.resamples)} resamples.</p>
${card.warnings.map((w) => `<p class="note"><b>Warning:</b> ${esc(w)}</p>`).join('\n')}
</section>`;
}
