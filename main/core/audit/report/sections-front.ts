import type { GroupRow, GroupTable } from '../../../../shared/audit.js';
import { validationShare } from '../../../../shared/config/task-config.js';
import { CONSTRAINT_DESCRIPTIONS } from '../../../../shared/fairness.js';
import { SOLVERS } from '../../../../shared/solvers.js';
import { combineFourFifths } from '../../../../shared/four-fifths.js';
import { count, esc, est, num } from './format.js';
import { field, kv, table, verdictCell } from './html.js';
import type { ReportInput } from './report-input.js';

/** Rows that can be judged: known category, large enough to estimate. */
export function judgeable(r: GroupRow): boolean {
  return !r.unknown && !r.small && r.impactRatio.value !== null;
}

/** Worst-first: lowest impact ratio first; undefined last; ties by size. */
export function worstFirst(rows: GroupRow[]): GroupRow[] {
  return [...rows].sort((a, b) => (a.impactRatio.value ?? Infinity) - (b.impactRatio.value ?? Infinity) || b.n - a.n);
}

export function cover(r: ReportInput): string {
  const a = r.audit;
  const c = r.context;
  const run = r.results.runs[Number(a.run.ref.split('/').pop())] ?? null;
  return `<section class="cover">
<h1>Fairness audit report</h1>
<p style="font-size:12pt">${field(c.systemName)} — version ${field(c.systemVersion)}</p>
${kv([
  ['Report ID', esc(r.reportId)],
  ['Generated', esc(a.generatedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC'))],
  ['Model audited', `${esc(a.run.label)} <span class="muted">(${esc(a.run.ref)})</span>`],
  [
    'Baseline',
    a.baseline
      ? `${esc(a.baseline.run.label)} <span class="muted">(${esc(a.baseline.run.ref)})</span>`
      : 'none selected',
  ],
  ['Author / auditor', `${field(c.author)}, ${field(c.authorRole)}`],
  ['Independence statement', field(c.independence)],
  [
    'Application',
    `Fairbound ${esc(r.results.app.version)}; solver ${esc(a.run.solver)} (Fairbound ${esc(r.results.app.version)} implementation)`,
  ],
  ['Compute backend', `${esc(r.results.backend)} on ${esc(r.results.device)}`],
  ['Dataset SHA-256', `<span class="mono">${esc(r.results.dataset.sha256)}</span> (${esc(r.results.dataset.path)})`],
  ['Configuration SHA-256', `<span class="mono">${esc(r.results.configSha256)}</span>`],
  [
    'Model weights SHA-256',
    `<span class="mono">${esc(r.modelHashes.combined)}</span> (over ${Object.keys(r.modelHashes.files).length} file(s) in ${esc(run?.model ?? 'models/')}; per-file digests in Appendix C)`,
  ],
  [
    'Decision threshold',
    `a person is predicted <b>positive</b> (selected) when the model's probability is ≥ ${a.threshold}`,
  ],
  [
    'Uncertainty',
    `${Math.round(a.bootstrap.confidence * 100)} % percentile bootstrap intervals, ${a.bootstrap.resamples} resamples stratified by group, seed ${a.bootstrap.seed}; a group's rate observed as exactly 0 % or 100 % gets its exact (Clopper–Pearson) interval, which the bootstrap cannot give`,
  ],
])}
<p class="note">This report was generated from data by Fairbound. Fields in <span class="placeholder">purple brackets</span> are for the responsible persons to complete. The same tables are attached as machine-readable files: ${esc(r.attachments.json)} and ${esc(r.attachments.csv)}.</p>
<div class="signature"><div>Auditor: name, signature, date</div><div>Responsible person (provider): name, signature, date</div></div>
</section>`;
}

/** Why no group has an impact ratio: the selection rates behind it, in words. */
function noRatioReason(t: GroupTable): string {
  const known = t.rows.filter((g) => !g.unknown && !g.small);
  if (known.length === 0) return `no group has at least the minimum number of test rows`;
  if (known.every((g) => g.predictedPositives === 0)) return 'the model selects nobody, so every impact ratio is 0 ÷ 0';
  return 'no group has a defined impact ratio';
}

function fourFifthsCriterion(t: GroupTable, confidence: number): string[] {
  const rows = worstFirst(t.rows.filter(judgeable));
  const worst = rows[0];
  // The table's verdict is its most severe group judgement (shared/four-fifths.ts): a degenerate model or an interval
  // across 0.8 reads inconclusive, with the reason, never pass or fail.
  const verdict = combineFourFifths(rows.map((g) => ({ verdict: g.fourFifths, reason: g.fourFifthsReason })));
  const deciding = verdict && rows.find((g) => g.fourFifths === verdict.verdict);
  const result = verdict
    ? `${verdictCell(verdict.verdict)} <span class="ci">(${deciding && deciding !== worst ? `${esc(deciding.name)}: ` : ''}${esc(verdict.reason)})</span>`
    : `${verdictCell('inconclusive')} <span class="ci">(${esc(noRatioReason(t))})</span>`;
  return [
    `Four-fifths rule, ${esc(t.title)}`,
    `selection rate of group ÷ highest selection rate ≥ 0.8 for every group, over its whole ${Math.round(confidence * 100)} % interval`,
    '0.8',
    esc(t.highestSelection ?? '—'),
    esc(worst?.name ?? '—'),
    worst ? est(worst.impactRatio, 'ratio') : `n/a (${esc(noRatioReason(t))})`,
    result,
  ];
}

/** The executive summary's headline: what the verdicts support, with the uncertainty stated, and any warning first. */
function headline(r: Pick<ReportInput, 'audit'>): string {
  const a = r.audit;
  const testVerdicts = a.certificate.map((c) => c.splits.find((s) => s.split === 'test')!.verdict);
  const n = (v: string) => testVerdicts.filter((x) => x === v).length;
  const warning = a.warnings.length
    ? `<div class="verdict fail" data-warning="degenerate"><b>Warning: degenerate model.</b> ${a.warnings.map((w) => `${esc(w.code)}: ${esc(w.message)}`).join('; ')}. Its constraints are reported as <i>trivial</i>, never satisfied: a model that decides the same for everyone meets rate constraints without telling anyone apart.</div>`
    : '';
  if (a.allSatisfied === null)
    return `${warning}<div class="verdict none">The model was trained without fairness constraints; no constraint can be certified. The disaggregated results below still apply.</div>`;
  if (a.allSatisfied) {
    return `<div class="verdict pass"><b>Every training constraint is satisfied on held-out (test) data</b> at its stated tolerance: each one's one-sided 95 % upper bound, simultaneous over every comparison the constraints make (Holm), is below the tolerance.</div>`;
  }
  return `${warning}<div class="verdict fail"><b>Not every training constraint is shown to hold on held-out (test) data.</b> ${n('violated')} violated (95 % lower bound above the tolerance), ${n('inconclusive')} inconclusive (the data cannot tell), ${n('trivial')} trivial (degenerate model), ${n('satisfied')} satisfied — see the constraint certificate.</div>`;
}

/** The three worst-off groups by impact ratio or, when no ratio is defined, by mean loss, saying why. */
function worstOff(inter: GroupTable): string {
  const byRatio = worstFirst(inter.rows.filter(judgeable)).slice(0, 3);
  const cols = ['Group', 'N (test)', 'Selection rate', 'Impact ratio (÷ highest)', 'TPR', 'Mean loss'];
  const rowsOf = (gs: GroupRow[]) =>
    gs.map((g) => [
      esc(g.name),
      count(g.n),
      est(g.metrics.positiveRate),
      est(g.impactRatio, 'ratio'),
      est(g.metrics.tpr),
      est(g.metrics.loss, 'num'),
    ]);
  if (byRatio.length)
    return `<h3>Three worst-off groups (${esc(inter.title)}, by selection-rate impact ratio)</h3>${table(cols, rowsOf(byRatio), { numeric: [1] })}`;
  const byLoss = inter.rows
    .filter((g) => !g.unknown && g.metrics.loss.value !== null)
    .sort((x, y) => y.metrics.loss.value! - x.metrics.loss.value!)
    .slice(0, 3);
  return `<h3>Three worst-off groups (${esc(inter.title)}, by mean loss)</h3><p>No group can be ranked by impact ratio: ${esc(noRatioReason(inter))}. The groups with the highest mean loss are shown instead.</p>${table(cols, rowsOf(byLoss), { numeric: [1] })}`;
}

export function executiveSummary(r: Pick<ReportInput, 'audit'>): string {
  const a = r.audit;
  const test = a.splits.test;
  const rows: string[][] = a.certificate.map((c) => {
    const t = c.splits.find((s) => s.split === 'test')!;
    return [
      esc(c.name),
      esc(c.formula),
      esc(String(c.tolerance)),
      c.topology === 'each-vs-overall' ? 'whole population' : 'each other (pairs)',
      esc(c.worst ?? '—'),
      t.value === null
        ? 'n/a'
        : `${num(t.value)} <span class="ci">[${num(t.lo)}, ${num(t.hi)}]; 95 % upper bound ${num(t.upper)}</span>`,
      `${verdictCell(t.verdict)}${t.reason ? ` <span class="ci">(${esc(t.reason)})</span>` : ''}`,
    ];
  });
  rows.push(...test.tables.map((t) => fourFifthsCriterion(t, a.bootstrap.confidence)));
  const inter = test.tables[test.tables.length - 1]!;
  const small = inter.rows.filter((x) => x.small).length;
  const unknown = inter.rows.filter((x) => x.unknown).reduce((s, x) => s + x.n, 0);
  return `<section>
<h2>1 Executive summary</h2>
${headline(r)}
${table(['Criterion', 'Desired outcome', 'Tolerance', 'Reference', 'Worst group(s)', 'Test value [95 % CI]', 'Result'], rows)}
${worstOff(inter)}
<p><b>Caveats.</b> Results are measured on the held-out test split (${count(test.n)} rows) at threshold ${a.threshold}; intervals are bootstrap percentile intervals and do not cover distribution shift. ${small} group(s) in the ${esc(inter.title)} table have fewer than ${a.minSize} test rows: their estimates are shown but flagged as unreliable. ${unknown ? `${count(unknown)} test rows have an unknown protected value; they form their own "Unknown" group and are excluded from impact ratios.` : 'No test row has an unknown protected value.'} Passing these checks is evidence about the measured criteria only, not a proof that the system is fair.</p>
</section>`;
}

export function intendedUse(r: ReportInput): string {
  const c = r.context;
  const kinds = [...new Set(r.config.constraints.map((x) => x.kind))];
  return `<section>
<h2>2 Intended use and context</h2>
${kv([
  ['Decision supported', field(c.decision)],
  ['Persons affected', field(c.affected)],
  ['Out-of-scope uses', field(c.outOfScope)],
  ['Punitive or assistive', field(c.intervention)],
  ['Distribution date of the tool', field(c.distributionDate)],
  ['Rationale for the fairness notion', field(c.rationale)],
  [
    'Fairness notions trained for',
    kinds.length ? kinds.map((k) => esc(CONSTRAINT_DESCRIPTIONS[k].title)).join('; ') : 'none (unconstrained model)',
  ],
])}
<p class="note">Fairness-tree guidance: where the label may itself encode past discrimination, parity of selection rates (independence) is the usual target; where the label is trusted and errors harm people, parity of error rates (separation: TPR/FPR) is; where scores are acted on as probabilities, calibration within groups (sufficiency) matters. These notions are generally incompatible when base rates differ, so the choice must be justified above.</p>
</section>`;
}

export function dataSection(r: ReportInput): string {
  const d = r.task.dataset;
  const label = r.config.data.label;
  const labelText = label.positive
    ? `${esc(label.column)} ∈ {${label.positive.map(esc).join(', ')}}`
    : `${esc(label.column)} ${esc(label.rule ?? '')}`;
  const dropped =
    Object.entries(d.droppedReasons)
      .map(([k, v]) => `${esc(k)}: ${count(v)}`)
      .join('; ') || 'none';
  const train = r.audit.splits.train;
  const test = r.audit.splits.test;
  const marg = test.tables.filter((t) => t.kind === 'attribute' || test.tables.length === 1);
  const counts = marg
    .map((t, i) => {
      const tr = train.tables[i]!;
      const rows = t.rows.map((g) => {
        const tg = tr.rows.find((x) => x.name === g.name);
        return [
          esc(g.name),
          count(tg?.n ?? 0),
          num(tg?.share ?? 0, 'pct'),
          count(g.n),
          num(g.share, 'pct'),
          num(g.metrics.baseRate.value, 'pct'),
          (g.unknown ? 'unknown value' : '') +
            (g.share < 0.02 ? `${g.unknown ? '; ' : ''}under 2 %` : '') +
            (g.small ? `${g.unknown || g.share < 0.02 ? '; ' : ''}under minimum size` : ''),
        ];
      });
      const unknown = t.rows.filter((g) => g.unknown).reduce((s, g) => s + g.n, 0);
      return `<h3>${esc(t.title)}</h3>${table(['Value', 'N train', 'Share train', 'N test', 'Share test', 'Base rate (test)', 'Flags'], rows, { numeric: [1, 2, 3, 4, 5] })}<p class="note">Missing/unknown ${esc(t.title)} in test: ${count(unknown)} row(s); treatment: kept as their own "Unknown" group (never dropped, never imputed into a category).</p>`;
    })
    .join('');
  return `<section>
<h2>3 Data</h2>
${kv([
  ['Source file', `${esc(d.path)}`],
  ['SHA-256', `<span class="mono">${esc(d.sha256)}</span>`],
  ['Label', `${labelText} counts as the positive class (1)`],
  ['Rows read / used', `${count(d.rowsRead)} / ${count(d.rowsUsed)} (dropped ${count(d.droppedRows)}: ${dropped})`],
  [
    'Split',
    `train ${count(r.task.rows.train)}, validation ${count(r.task.rows.validation)}, test ${count(r.task.rows.test)} (test share ${r.config.split.test}, validation share ${validationShare(r.config)}${r.config.split.validation === undefined ? ' (default)' : ''}, seed ${r.config.split.seed}, ${r.config.split.stratify ? 'stratified by group' : 'not stratified'})`,
  ],
  ['Features (' + r.task.featureNames.length + ')', esc(r.task.featureNames.join(', '))],
  [
    'Protected attributes used as features',
    r.config.data.protectedAsFeatures.length ? esc(r.config.data.protectedAsFeatures.join(', ')) : 'none',
  ],
])}
<p class="note">Collection period, sampling and label definition beyond the column rule above come from the dataset's own documentation and must be confirmed by the data owner. Representativeness (EU AI Act Art. 10(3)) is judged by the shares below against the population the system will be used on.</p>
${counts}
</section>`;
}

export function groupsSection(r: ReportInput): string {
  const a = r.audit;
  const attrs = r.config.groups.attributes.map((g, i) => {
    const mapping = g.map
      ? Object.entries(g.map)
          .map(([k, v]) => `${esc(k === '*' ? 'any other value' : k)} → ${esc(v)}`)
          .join('; ')
      : g.bins
        ? `bins with edges ${g.bins.map(String).join(', ')}${g.binLabels ? ` named ${g.binLabels.map(esc).join(', ')}` : ''}`
        : 'each distinct value is a category';
    return [esc(a.attributes[i]?.name ?? g.column), esc(g.column), mapping];
  });
  const refs = a.splits.test.tables.map((t) => [
    esc(t.title),
    esc(t.reference),
    esc(t.highestSelection ?? '—'),
    String(t.rows.length),
  ]);
  return `<section>
<h2>4 Protected attributes and groups</h2>
${table(['Attribute', 'Column', 'Category mapping'], attrs)}
<p>Groups ${r.config.groups.intersect ? 'are the non-empty intersections of all protected attributes' : 'are formed one attribute at a time'}; ${r.task.groups.length} training group(s). Intersections evaluated: ${esc(
    a.splits.test.tables
      .filter((t) => t.kind === 'intersection')
      .map((t) => t.title)
      .join(', ') || 'none (one attribute)',
  )}.</p>
<p><b>Reference-group rule:</b> the largest group with a known value on the test split (majority rule), unless the auditor chose another one; the reference of each table is listed below. Every ratio in this report is stated as <i>metric of group ÷ metric of reference</i>, every difference as <i>group − reference</i>. The impact ratio instead divides by the <i>highest</i> selection rate among known groups of at least ${a.minSize} rows (LL144 / four-fifths convention).</p>
${table(['Table', 'Reference', 'Highest selection rate', 'Groups'], refs)}
<p><b>Minimum-n rule:</b> a group with fewer than ${a.minSize} rows (config <span class="mono">groups.minSize</span>) on a split is flagged "small" there: it is shown with its estimates, but not used as an impact-ratio denominator; groups under the minimum on the training split were left out of the training constraints.</p>
</section>`;
}

/** What the audited model is: a network, or one of the baseline methods' predictors (docs/baselines.md). */
function modelText(solver: string, arch: string, logistic: boolean): string {
  const network = `fully connected network ${esc(arch)} (ReLU hidden layers, one logit, sigmoid probability)${logistic ? ' — logistic regression' : ''}`;
  if (solver === 'exponentiated-gradient')
    return 'randomised mixture of weighted logistic regressions on the same features (reductions, Agarwal et al. 2018); the decisions audited are one draw from it, seeded by the run seed';
  if (solver === 'threshold-optimizer')
    return `${network}, trained with Adam without constraints, then group-specific randomised decision thresholds chosen by a linear program (post-processing, Hardt, Price & Srebro 2016); the decisions audited are one draw from them, seeded by the run seed`;
  return network;
}

function objectiveText(solver: string): string {
  if (solver === 'exponentiated-gradient')
    return "minimise the expected classification error over the training split, subject to the constraint below as a bound on each group's distance to the overall rate";
  if (solver === 'threshold-optimizer')
    return 'the network minimises the mean binary cross-entropy over the training split; the thresholds minimise the expected error on the validation split (train without one) subject to the constraint below';
  return 'minimise the mean binary cross-entropy over the training split, subject to the constraints below';
}

export function methodSection(r: ReportInput): string {
  const a = r.audit;
  const run = a.run;
  const hidden = r.config.model.hidden;
  const arch = [r.task.featureNames.length, ...hidden, 1].join(' → ');
  const solver = SOLVERS[run.solver as keyof typeof SOLVERS];
  const cons = a.certificate.map((c) => [
    esc(c.name),
    `<span class="mono">${esc(c.formula.replace('δ', String(c.tolerance)))}</span>`,
    esc(String(c.tolerance)),
    esc(c.groups.length > 8 ? `${c.groups.slice(0, 8).join(', ')} … (${c.groups.length})` : c.groups.join(', ')),
  ]);
  const budget = Object.entries(r.config.budget)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${v} ${k}`)
    .join(', ');
  return `<section>
<h2>5 Method</h2>
${kv([
  ['Model', modelText(run.solver, arch, hidden.length === 0)],
  ...(solver?.requirement ? [['Prediction requires', esc(solver.requirement)] as [string, string]] : []),
  ['Objective', objectiveText(run.solver)],
  ['Solver', `${esc(solver?.title ?? run.solver)}${solver ? ` — ${esc(solver.description)}` : ''}`],
  [
    'Hyper-parameters',
    esc(
      Object.entries(run.params)
        .map(([k, v]) => `${k} = ${v}`)
        .join(', ') || 'defaults',
    ),
  ],
  [
    'Batch size',
    `${r.config.solver.batchSize}${r.config.solver.constraintBatchSize ? `; constraint batch ${r.config.solver.constraintBatchSize} per group` : ''}`,
  ],
  ['Seed', `run seed ${run.seed} (task seed ${r.config.seed}, split seed ${r.config.split.seed})`],
  ['Budget', esc(budget)],
  [
    'Iterations / wall time',
    `${count(run.iterations)} iterations in ${run.seconds.toFixed(1)} s on ${esc(r.results.backend)} (${esc(r.results.device)})`,
  ],
  [
    'Model iterate',
    `iteration ${count(run.selectedIteration)} of ${count(run.iterations)}, chosen by rule "${esc(run.selectionRule)}" on the ${esc(run.selectionSplit)} split`,
  ],
  [
    'Baseline',
    a.baseline
      ? `${esc(a.baseline.run.label)} (${esc(a.baseline.run.solver)}), same data, split and threshold`
      : 'none selected',
  ],
])}
<h3>Constraints, in mathematical form</h3>
<p class="note">L_g is the mean cross-entropy over group g, PR_g the share predicted positive (p ≥ ${a.threshold}), TPR_g / FPR_g the true/false-positive rates, Acc_g the accuracy. Training uses smooth surrogates of the rates; this audit measures the exact thresholded quantities.</p>
${table(['Constraint', 'Form', 'Tolerance δ', 'Groups compared'], cons.length ? cons : [['none', '—', '—', '—']])}
</section>`;
}
