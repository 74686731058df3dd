import {
  LL144_NO_RATIO_REASON,
  METRIC_LABELS,
  type Estimate,
  type GroupTable,
  type Ll144Status,
  type SplitAudit,
} from '../../../../shared/audit.js';
import type { ConstraintSpec } from '../../../../shared/config/task-config.js';
import { buildConstraintPlan } from '../../constraints/constraint-plan.js';
import { FOUR_FIFTHS, ll144SelectionCaveat } from '../../../../shared/four-fifths.js';
import { count, esc, est, num, significant } from './format.js';
import { table, verdictCell } from './html.js';
import type { ReportInput } from './report-input.js';
import { worstFirst } from './sections-front.js';
import { barChart, lineChart, scatterChart } from './svg.js';
import { multiplierMeaning } from '../../../../shared/multiplier-text.js';

/** History columns (one per two-sided measure, as the engine plans them) that belong to each constraint spec. */
function rowsPerSpec(r: ReportInput): number[][] {
  const out: number[][] = [];
  let offset = 0;
  for (const spec of r.config.constraints as ConstraintSpec[]) {
    let n: number;
    try {
      n = buildConstraintPlan([spec], r.task.groups).measures.length;
    } catch {
      n = 0;
    }
    out.push(Array.from({ length: n }, (_, i) => offset + i));
    offset += n;
  }
  return out;
}

function maxOf(values: number[], idx: number[]): number {
  let m = -Infinity;
  for (const i of idx) if (values[i] !== undefined && values[i]! > m) m = values[i]!;
  return m;
}

/** Whether each constraint was active at the end: a final multiplier above 0 on any of its rows. */
export function activeConstraints(r: ReportInput): (boolean | null)[] {
  const last = r.history.points[r.history.points.length - 1];
  const rows = rowsPerSpec(r);
  return rows.map((idx) => (last && last.multipliers.length ? idx.some((i) => (last.multipliers[i] ?? 0) > 0) : null));
}

export function trainingEvidence(r: ReportInput): string {
  const { points, evaluations } = r.history;
  const x = (p: { iteration: number }) => p.iteration;
  const charts: string[] = [];
  charts.push(
    lineChart([{ name: 'minibatch loss', points: points.map((p) => [x(p), p.loss]) }], {
      title: 'Objective (minibatch loss)',
      xLabel: 'iteration',
    }),
  );
  const splits = ['train', 'validation', 'test'] as const;
  const evalSeries = (f: (e: (typeof evaluations)[number]) => number) =>
    splits
      .map((s) => ({
        name: s,
        points: evaluations.filter((e) => e.split === s).map((e) => [x(e), f(e)] as [number, number]),
      }))
      .filter((s) => s.points.length);
  charts.push(
    lineChart(
      evalSeries((e) => e.loss),
      { title: 'Full-split loss', xLabel: 'iteration' },
    ),
  );
  charts.push(
    lineChart(
      evalSeries((e) => e.maxViolation),
      {
        title: 'Largest constraint violation (full split)',
        xLabel: 'iteration',
        hlines: [{ at: 0, label: 'feasible ≤ 0' }],
      },
    ),
  );
  rowsPerSpec(r).forEach((idx, i) => {
    const spec = r.config.constraints[i]!;
    charts.push(
      lineChart([{ name: 'max c(x)', points: points.map((p) => [x(p), maxOf(p.constraints, idx)]) }], {
        title: `C${i + 1} ${spec.kind}: max c(x) = value − δ`,
        xLabel: 'iteration',
        hlines: [{ at: 0, label: `at tolerance (δ = ${spec.tolerance})` }],
      }),
    );
    if (points.some((p) => p.multipliers.length)) {
      charts.push(
        lineChart([{ name: 'max λ', points: points.map((p) => [x(p), maxOf(p.multipliers, idx)]) }], {
          title: `C${i + 1} multiplier (max over its measures)`,
          xLabel: 'iteration',
        }),
      );
    }
  });
  const sel = r.audit.run;
  return `<section>
<h2>6 Training evidence</h2>
<p>${count(points.length)} logged training points and ${count(evaluations.length)} full-split evaluations from the run's history file. A constraint estimate c(x) = value − δ at or below 0 means within the tolerance on that sample (a point estimate; the certificate in section 9 says what the data supports).</p>
<div class="grid">${charts.join('')}</div>
<p><b>Model iterate:</b> iteration ${count(sel.selectedIteration)} of ${count(sel.iterations)} became the model (rule "${esc(sel.selectionRule)}" on the ${esc(sel.selectionSplit)} split). ${oscillation(
    points.map((p) =>
      maxOf(
        p.constraints,
        p.constraints.map((_, i) => i),
      ),
    ),
  )}</p>
</section>`;
}

/** A plain reading of the last quarter of the constraint trace: converged below 0, above it, or crossing it. */
function oscillation(trace: number[]): string {
  const tail = trace.slice(Math.floor(trace.length * 0.75)).filter(Number.isFinite);
  if (tail.length < 4) return 'Too few points to judge convergence.';
  const crossings = tail.slice(1).filter((v, i) => Math.sign(v) !== Math.sign(tail[i]!)).length;
  if (crossings > tail.length / 4)
    return `In the last quarter of training the constraint estimate crossed the tolerance ${crossings} times: it oscillates around the bound.`;
  return tail.every((v) => v <= 0)
    ? 'In the last quarter of training the constraint estimate stayed at or below the tolerance.'
    : `In the last quarter of training the constraint estimate was above the tolerance in ${tail.filter((v) => v > 0).length} of ${tail.length} points.`;
}

export function performance(r: ReportInput): string {
  const a = r.audit;
  const splits = [a.splits.train, a.splits.validation, a.splits.test].filter((s): s is SplitAudit => s !== null);
  const keys = ['accuracy', 'auc', 'loss', 'calibrationError', 'positiveRate', 'baseRate', 'tpr', 'fpr'] as const;
  const rows = keys.map((k) => [
    esc(METRIC_LABELS[k].long),
    ...splits.map((s) => est(s.overall[k], k === 'loss' || k === 'calibrationError' || k === 'auc' ? 'num' : 'pct')),
  ]);
  const gaps = (['independence', 'separation', 'sufficiency', 'lossGap', 'aucMean', 'inaccuracy'] as const).map((k) => [
    esc(k),
    ...splits.map((s) => est(s.summary[k], 'num')),
  ]);
  return `<section>
<h2>7 Overall performance</h2>
<p><b>Decision threshold ${a.threshold}:</b> a person is predicted positive when p ≥ ${a.threshold}. ${a.threshold === r.config.threshold ? 'This is the threshold the run was configured with.' : `The run was configured with ${r.config.threshold}; the auditor chose ${a.threshold} for this report.`} Threshold sensitivity is shown in section 10.</p>
${table(['Metric', ...splits.map((s) => `${s.split} (n = ${count(s.n)})`)], rows)}
<h3>Summary fairness gaps (as in Kliachkin et al., arXiv:2507.04033; max over pairs of the training groups)</h3>
<p class="note">independence = max |PR_a − PR_b|; separation = max (|TPR_a − TPR_b| + |FPR_a − FPR_b|); sufficiency = max (|PPV_a − PPV_b| + |NPV_a − NPV_b|); lossGap = max |L_a − L_b|; aucMean = mean of group AUCs; inaccuracy = overall error rate. n/a when a group's rate is undefined.</p>
${table(['Gap', ...splits.map((s) => s.split)], gaps)}
</section>`;
}

function disaggregatedTable(t: GroupTable): string {
  const rows = worstFirst(t.rows);
  const flags = (g: (typeof rows)[number]) =>
    [g.small ? 'small n' : '', g.unknown ? 'unknown' : ''].filter(Boolean).join(', ');
  const main = rows.map((g) => [
    esc(g.name),
    count(g.n),
    est(g.metrics.baseRate, 'pct', false),
    est(g.metrics.positiveRate),
    est(g.impactRatio, 'ratio'),
    est(g.vsReference.positiveRate.ratio!, 'ratio'),
    est(g.vsReference.positiveRate.diff, 'pp'),
    significant(g.vsReference.positiveRate.diff) ? 'yes' : 'no',
    `<span class="${g.fourFifths}">${g.fourFifths}</span>${g.fourFifths === 'n/a' ? '' : ` <span class="ci">(${esc(g.fourFifthsReason)})</span>`}`,
    `<span class="flag">${flags(g)}</span>`,
  ]);
  const errors = rows.map((g) => [
    esc(g.name),
    est(g.metrics.tpr),
    est(g.metrics.fpr),
    est(g.metrics.fnr, 'pct', false),
    est(g.metrics.ppv, 'pct', false),
    est(g.metrics.npv, 'pct', false),
    est(g.metrics.accuracy, 'pct', false),
    est(g.metrics.loss, 'num'),
    est(g.vsReference.tpr.diff, 'pp'),
    est(g.vsReference.loss.diff, 'num'),
    est(g.metrics.auc, 'num', false),
    est(g.metrics.calibrationError, 'num', false),
  ]);
  const bars = rows.map((g) => ({
    label: g.name,
    value: g.impactRatio.value,
    lo: g.impactRatio.lo,
    hi: g.impactRatio.hi,
    flag: g.fourFifths === 'fail',
  }));
  return `<h3>${esc(t.title)} — reference: ${esc(t.reference)}; highest selection rate: ${esc(t.highestSelection ?? 'n/a')}</h3>
${table(['Group', 'N', 'Base rate', 'Selection rate [CI]', 'Impact ratio ÷ highest [CI]', 'Sel. rate ÷ ref. [CI]', 'Sel. rate − ref. [CI]', 'Signif.', '4/5', 'Flags'], main, { cls: 'wide', numeric: [1] })}
${table(['Group', 'TPR [CI]', 'FPR [CI]', 'FNR', 'PPV', 'NPV', 'Accuracy', 'Loss [CI]', 'TPR − ref. [CI]', 'Loss − ref. [CI]', 'AUC', 'ECE'], errors, { cls: 'wide' })}
${barChart(bars.slice(0, 40), {
  title: `Impact ratio (selection rate ÷ highest) — ${t.title}${bars.length > 40 ? ` (worst 40 of ${bars.length})` : ''}`,
  unit: 'ratio',
  lines: [
    { at: FOUR_FIFTHS, label: '0.8' },
    { at: 1, label: '1' },
  ],
  max: Math.max(1.25, ...bars.map((b) => Math.min(3, b.hi ?? 0))),
})}`;
}

/** |difference| with its interval: an interval that crosses 0 becomes [0, max |end|]. */
function absolute(d: Estimate): { value: number | null; lo: number | null; hi: number | null } {
  const value = d.value === null ? null : Math.abs(d.value);
  if (d.lo === null || d.hi === null) return { value, lo: null, hi: null };
  const crosses = d.lo <= 0 && d.hi >= 0;
  return {
    value,
    lo: crosses ? 0 : Math.min(Math.abs(d.lo), Math.abs(d.hi)),
    hi: Math.max(Math.abs(d.lo), Math.abs(d.hi)),
  };
}

export function disaggregated(r: ReportInput): string {
  const test = r.audit.splits.test;
  const spec = r.config.constraints[0];
  const primary = test.tables[test.tables.length - 1]!;
  const gapBars =
    spec && spec.kind !== 'worst-group-loss'
      ? (() => {
          const key =
            spec.kind === 'loss-gap'
              ? 'loss'
              : spec.kind === 'positive-rate-gap'
                ? 'positiveRate'
                : spec.kind === 'accuracy-gap'
                  ? 'accuracy'
                  : 'tpr';
          const rows = worstFirst(primary.rows);
          return barChart(
            rows.slice(0, 40).map((g) => {
              const d = absolute(g.vsOverall[key].diff);
              return { label: g.name, ...d, flag: d.value !== null && d.value > spec.tolerance };
            }),
            {
              title: `|${METRIC_LABELS[key].short} of group − whole population| with tolerance band δ = ${spec.tolerance}`,
              unit: 'num',
              band: { from: 0, to: spec.tolerance, label: `δ = ${spec.tolerance}` },
            },
          );
        })()
      : '';
  return `<section>
<h2>8 Disaggregated results (test split)</h2>
<p>One table per protected attribute (marginal) and one for the intersections, sorted worst-first by impact ratio. Ratios are <i>group ÷ reference</i>; differences are <i>group − reference</i> (pp = percentage points). "Signif." is yes when the 95 % interval of the difference excludes 0. Groups are never hidden: undefined rates read "n/a (reason)", and groups under ${r.audit.minSize} rows are flagged "small n".</p>
${test.tables.map(disaggregatedTable).join('')}
${gapBars}
${ll144(r)}
</section>`;
}

function ratioCell(value: number | null, status: Ll144Status): string {
  if (value !== null) return num(value, 'ratio');
  const reason = LL144_NO_RATIO_REASON[status];
  return reason ? `n/a (${esc(reason)})` : 'n/a';
}

export function ll144(r: Pick<ReportInput, 'audit' | 'context'>): string {
  const tables = r.audit.ll144;
  if (!tables.length) return '';
  const t = r.audit.threshold;
  const median = tables[0]!.medianScore;
  const body = tables
    .map((tab) => {
      const rows = tab.rows.map((x) => [
        esc(x.category),
        count(x.n),
        num(x.share, 'pct'),
        num(x.selectionRate, 'pct'),
        ratioCell(x.impactRatio, x.status),
        num(x.scoringRate, 'pct'),
        ratioCell(x.scoringImpactRatio, x.status),
      ]);
      const excluded = tab.rows.filter((x) => x.status === 'excluded-small');
      const caveat = ll144SelectionCaveat(tab, r.audit.warnings);
      return `<h3>LL144 — ${esc(tab.title)}</h3>
${caveat ? `<p class="note" data-caveat="ll144"><b>The selection-rate impact ratios cannot support a four-fifths finding:</b> ${esc(caveat)}.</p>` : ''}
${table(['Category', '# of applicants', 'Share', `Selection rate (p ≥ ${t})`, 'Impact ratio (selection)', 'Scoring rate (p &gt; median)', 'Impact ratio (scoring)'], rows, { numeric: [1, 2, 3, 4, 5, 6] })}
<p class="note">Individuals in an unknown category (not included in the impact ratios): <b>${count(tab.unknownCount)}</b>. ${excluded.length ? `Excluded from impact ratios as under 2 % of the data (N and rates still reported above): ${excluded.map((x) => `${esc(x.category)} (N = ${count(x.n)}, selection rate ${num(x.selectionRate, 'pct')}, scoring rate ${num(x.scoringRate, 'pct')})`).join('; ')}. Justification: estimates on so few rows are too noisy to support an adverse-impact finding; the auditor must confirm this in writing.` : 'No category was excluded as under 2 %.'}</p>`;
    })
    .join('');
  return `<h3>NYC Local Law 144 bias-audit format</h3>
<p class="note">The DCWP rules (6 RCNY §5-300, §5-301) define two variants, shown side by side. <b>Binary-output tool:</b> the selection rate is the share of a category predicted positive (p ≥ ${t}); the impact ratio is a category's selection rate ÷ the selection rate of the most selected category. <b>Score-output tool:</b> the scoring rate is the share of a category whose probability p is above the median score of the whole test split (median ${median === null ? 'n/a' : num(median)} over all ${count(r.audit.splits.test.n)} rows, unknown categories included; a score equal to the median does not count as above it); the impact ratio is a category's scoring rate ÷ the highest scoring rate. The scoring rate does not depend on the decision threshold.</p>
<p class="note"><b>Which variant applies:</b> report the selection-rate columns when the deployed tool applies the threshold and passes on only its decision (selected or not); report the scoring-rate columns when the probability itself, or a ranking by it, is passed on to the people who decide. Data: the held-out test split of the training data source, used in place of historical deployment data because the model has not been deployed; it was drawn by the seeded split described in section 3. Audit date: ${esc(r.audit.generatedAt.slice(0, 10))}. Distribution date of the tool: ${esc(r.context.distributionDate)}.</p>
${body}`;
}

export function certificate(r: ReportInput): string {
  const a = r.audit;
  const active = activeConstraints(r);
  const cell = (c: (typeof a.certificate)[number], split: 'train' | 'validation' | 'test') => {
    const s = c.splits.find((x) => x.split === split);
    if (!s) return '—';
    const why = s.reason ? ` <span class="ci">(${esc(s.reason)})</span>` : '';
    if (s.value === null) return `n/a<br>${verdictCell(s.verdict)}${why}`;
    return `${num(s.value)} <span class="ci">[${num(s.lo)}, ${num(s.hi)}]</span><br>${verdictCell(s.verdict)}${why}`;
  };
  const rows = a.certificate.map((c, i) => {
    const t = c.splits.find((s) => s.split === 'test')!;
    return [
      esc(c.name),
      `<span class="mono">${esc(c.formula)}</span>`,
      esc(String(c.tolerance)),
      cell(c, 'train'),
      cell(c, 'validation'),
      cell(c, 'test'),
      num(t.upper),
      t.margin === null ? 'n/a' : num(t.margin),
      active[i] === null || active[i] === undefined ? 'n/a' : active[i] ? 'yes' : 'no',
    ];
  });
  const generalise = a.certificate.map((c) => {
    const tr = c.splits.find((s) => s.split === 'train')!.verdict;
    const te = c.splits.find((s) => s.split === 'test')!.verdict;
    const text =
      tr === 'satisfied' && te === 'satisfied'
        ? 'holds on training data and generalises to held-out data'
        : tr !== 'violated' && te === 'violated'
          ? 'does <b>not</b> generalise: it is violated on held-out data'
          : te === 'trivial'
            ? 'is met only trivially on held-out data: the model predicts (almost) one class, so the rates it bounds say nothing'
            : te === 'inconclusive'
              ? 'cannot be certified on held-out data: its upper bound is above the tolerance and its lower bound below it (more test data would decide it), or it is undefined there'
              : te === 'satisfied'
                ? 'holds on held-out data (95 % upper bound below the tolerance)'
                : 'is violated on training and held-out data';
    return `<li>${esc(c.name)} ${text}.</li>`;
  });
  return `<section>
<h2>9 Constraint certificate</h2>
<p>Each training constraint is re-measured exactly (thresholded at ${a.threshold}, full split) on train, validation and test; the bracket is a ${Math.round(a.bootstrap.confidence * 100)} % bootstrap interval of the value. Verdicts use one-sided 95 % bounds for every compared pair (Wilson/Newcombe score intervals for rates, the delta method for mean losses), corrected for the number of pairs and constraints (Holm), the same as in results.json and the app. <b>Satisfied</b>: the upper bound is below δ. <b>Violated</b>: the lower bound is above δ. <b>Inconclusive</b>: neither — the data cannot tell. <b>Trivial</b>: not violated, but the model is degenerate (predicts (almost) one class, decides a whole group one way, or ranks at chance), so it is no evidence. Upper bound (test) is the largest such bound over the constraint's pairs. Margin = δ − value (negative = violated). Active = a Lagrange multiplier above 0 at the end of training. ${esc(multiplierMeaning(a.run.solver))}</p>
${table(['Constraint', 'Measured quantity', 'δ', 'Train', 'Validation', 'Test', 'Upper bound (test)', 'Margin (test)', 'Active'], rows.length ? rows : [['none', 'the model was trained without constraints', '—', '—', '—', '—', '—', '—', '—']], { cls: 'wide' })}
${generalise.length ? `<ul>${generalise.join('')}</ul>` : ''}
</section>`;
}

export function tradeOffs(r: ReportInput): string {
  const a = r.audit;
  const b = a.baseline;
  let comparison = '<p>No unconstrained baseline was selected; the cost of fairness cannot be stated.</p>';
  if (b) {
    const rows: string[][] = [];
    for (const k of ['accuracy', 'auc', 'loss', 'positiveRate'] as const) {
      const unit = k === 'auc' || k === 'loss' ? 'num' : 'pct';
      const d =
        a.splits.test.overall[k].value !== null && b.test.overall[k].value !== null
          ? a.splits.test.overall[k].value! - b.test.overall[k].value!
          : null;
      rows.push([
        esc(METRIC_LABELS[k].long),
        est(b.test.overall[k], unit),
        est(a.splits.test.overall[k], unit),
        num(d, unit === 'pct' ? 'pp' : 'num'),
      ]);
    }
    for (const k of ['independence', 'separation', 'sufficiency', 'lossGap'] as const) {
      const d =
        a.splits.test.summary[k].value !== null && b.test.summary[k].value !== null
          ? a.splits.test.summary[k].value! - b.test.summary[k].value!
          : null;
      rows.push([esc(k), est(b.test.summary[k], 'num'), est(a.splits.test.summary[k], 'num'), num(d)]);
    }
    a.certificate.forEach((c, i) => {
      const mine = c.splits.find((s) => s.split === 'test')!;
      const theirs = b.certificate[i]?.splits.find((s) => s.split === 'test');
      rows.push([
        `${esc(c.name)} (δ = ${c.tolerance})`,
        theirs ? `${num(theirs.value)} ${verdictCell(theirs.verdict)}` : 'n/a',
        `${num(mine.value)} ${verdictCell(mine.verdict)}`,
        theirs && mine.value !== null && theirs.value !== null ? num(mine.value - theirs.value) : 'n/a',
      ]);
    });
    comparison = `<h3>Constrained model vs unconstrained baseline (test split)</h3>${table(['Quantity', `Baseline: ${esc(b.run.label)}`, `Audited: ${esc(a.run.label)}`, 'Change'], rows)}`;
  }
  const points = r.results.runs.map((run, i) => ({
    x: run.test.maxViolation,
    y: run.test.accuracy,
    label: `run ${i + 1}${a.run.ref.endsWith(`/${i}`) ? ' (audited)' : ''}`,
    chosen: a.run.ref.endsWith(`/${i}`),
  }));
  if (r.baseline) {
    r.baseline.results.runs.forEach((run, i) =>
      points.push({ x: run.test.maxViolation, y: run.test.accuracy, label: `baseline run ${i + 1}`, chosen: false }),
    );
  }
  const sweep = a.thresholdSweep;
  const titles = Object.keys(sweep[0]?.minImpactRatio ?? {});
  const sweepChart = lineChart(
    [
      { name: 'accuracy', points: sweep.map((p) => [p.threshold, p.accuracy ?? Number.NaN]) },
      ...titles.map((t) => ({
        name: `min impact ratio: ${t}`,
        points: sweep.map((p) => [p.threshold, p.minImpactRatio[t] ?? Number.NaN] as [number, number]),
      })),
    ],
    {
      title: 'Threshold sensitivity (test split, point estimates)',
      xLabel: 'decision threshold',
      hlines: [{ at: FOUR_FIFTHS, label: '0.8' }],
      width: 520,
      height: 220,
    },
  );
  const sweepRows = sweep
    .filter((_, i) => i % 2 === 0)
    .map((p) => [
      num(p.threshold, 'ratio').replace(/0$/, ''),
      num(p.accuracy, 'pct'),
      num(p.positiveRate, 'pct'),
      ...titles.map((t) => num(p.minImpactRatio[t] ?? null, 'ratio')),
    ]);
  return `<section>
<h2>10 Trade-offs</h2>
${comparison}
<h3>Runs of this job: accuracy against the worst constraint violation (test)</h3>
${scatterChart(points, { title: 'Accuracy vs largest violation (runs of the job)', xLabel: 'largest constraint violation on test (0 = feasible)', yLabel: 'test accuracy' })}
<h3>Threshold sensitivity</h3>
${sweepChart}
${table(['Threshold', 'Accuracy', 'Selection rate', ...titles.map((t) => `Min impact ratio: ${esc(t)}`)], sweepRows, { numeric: [0, 1, 2, ...titles.map((_, i) => i + 3)] })}
</section>`;
}
