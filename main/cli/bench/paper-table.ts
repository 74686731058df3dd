import type { Results, SplitEvaluation } from '../../../shared/config/results.js';
import type { SolverName } from '../../../shared/fairness.js';
import { SOLVERS } from '../../../shared/solvers.js';
import { stat, type Stat } from './stats.js';

type SummaryKey = keyof SplitEvaluation['summary'];

/** The columns of the paper's results table (arXiv:2507.04033), in its order. */
export const PAPER_COLUMNS: readonly { key: SummaryKey; title: string; digits: number }[] = [
  { key: 'aucMean', title: 'AUC_M', digits: 3 },
  { key: 'independence', title: 'Ind', digits: 3 },
  { key: 'separation', title: 'Sp', digits: 3 },
  { key: 'inaccuracy', title: 'Ina', digits: 3 },
  { key: 'sufficiency', title: 'Sf', digits: 3 },
  { key: 'wasserstein', title: 'Wd', digits: 4 },
  { key: 'lossGap', title: '|L0−L1|', digits: 3 },
];

export interface MethodSummary {
  solver: SolverName;
  title: string;
  runs: number;
  /** Runs that finished normally; only these enter the statistics. */
  completed: number;
  /** Statuses of the other runs, e.g. {diverged: 1}. */
  otherStatuses: Record<string, number>;
  train: Record<SummaryKey, Stat>;
  test: Record<SummaryKey, Stat>;
  iterations: Stat;
  seconds: Stat;
  /** Runs whose every test constraint verdict is `satisfied` (95 % upper bound below the tolerance) and that carry no warning. */
  testSatisfied: number;
  /** Runs with a degenerate-model warning (e.g. `single-class-predictions`). */
  degenerate: number;
}

/** Mean ± std over the completed runs of one method, from the engine's results.json summary fields. */
export function summariseMethod(solver: SolverName, results: Results): MethodSummary {
  const done = results.runs.filter((r) => r.status === 'completed');
  const otherStatuses: Record<string, number> = {};
  for (const r of results.runs)
    if (r.status !== 'completed') otherStatuses[r.status] = (otherStatuses[r.status] ?? 0) + 1;
  const split = (which: 'train' | 'test') =>
    Object.fromEntries(PAPER_COLUMNS.map((c) => [c.key, stat(done.map((r) => r[which].summary[c.key]))])) as Record<
      SummaryKey,
      Stat
    >;
  return {
    solver,
    title: SOLVERS[solver].title,
    runs: results.runs.length,
    completed: done.length,
    otherStatuses,
    train: split('train'),
    test: split('test'),
    iterations: stat(done.map((r) => r.iterations)),
    seconds: stat(done.map((r) => r.seconds)),
    testSatisfied: done.filter(
      (r) => r.warnings.length === 0 && r.test.constraints.every((c) => c.verdict === 'satisfied'),
    ).length,
    degenerate: done.filter((r) => r.warnings.length > 0).length,
  };
}

function fmt(s: Stat, digits: number, withStd: boolean): string {
  if (s.mean === null) return '–';
  const mean = s.mean.toFixed(digits);
  return withStd && s.std !== null ? `${mean} ± ${s.std.toFixed(digits)}` : mean;
}

function fmtCount(s: Stat): string {
  if (s.mean === null) return '–';
  return s.std === null ? `${Math.round(s.mean)}` : `${Math.round(s.mean)} ± ${Math.round(s.std)}`;
}

function runsCell(m: MethodSummary): string {
  const others = Object.entries(m.otherStatuses).map(([k, v]) => `${v} ${k}`);
  return others.length ? `${m.completed}/${m.runs} (${others.join(', ')})` : `${m.completed}`;
}

/** One Markdown table per split, like the paper's results table, plus iterations and run counts; `level` of the title. */
export function paperMarkdown(
  methods: readonly MethodSummary[],
  meta: { title: string; notes: string[] },
  level = 1,
): string {
  const h = (depth: number) => '#'.repeat(level + depth);
  // "|" inside a cell would split it; Markdown needs it escaped.
  const base = ['algorithm', ...PAPER_COLUMNS.map((c) => c.title.replaceAll('|', '\\|')), 'iterations', 'runs'];
  // Test only: how many runs the verdicts certify (docs/verdicts.md), and how many models are degenerate.
  const verdictCols = ['all test verdicts satisfied (95 %)', 'degenerate'];
  const table = (which: 'train' | 'test') => {
    const header = which === 'test' ? [...base, ...verdictCols] : base;
    const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
    for (const m of methods) {
      const cells = PAPER_COLUMNS.map((c) => fmt(m[which][c.key], c.digits, true));
      const extra = which === 'test' ? [`${m.testSatisfied}/${m.completed}`, `${m.degenerate}/${m.completed}`] : [];
      lines.push(`| ${[m.title, ...cells, fmtCount(m.iterations), runsCell(m), ...extra].join(' | ')} |`);
    }
    return lines.join('\n');
  };
  return [
    `${h(0)} ${meta.title}`,
    '',
    ...meta.notes.map((n) => `- ${n}`),
    '',
    `${h(1)} Test set (mean ± std over runs)`,
    '',
    table('test'),
    '',
    `${h(1)} Train set (mean ± std over runs)`,
    '',
    table('train'),
    '',
  ].join('\n');
}

/** Long-format CSV: one row per method × split, mean and std columns per metric. */
export function paperCsv(methods: readonly MethodSummary[]): string {
  const metricCols = PAPER_COLUMNS.flatMap((c) => [`${c.key}_mean`, `${c.key}_std`]);
  const header = [
    'solver',
    'split',
    'runs',
    'completed',
    ...metricCols,
    'iterations_mean',
    'iterations_std',
    'seconds_mean',
    'test_satisfied_runs',
    'degenerate_runs',
  ];
  const num = (v: number | null) => (v === null ? '' : String(v));
  const rows = methods.flatMap((m) =>
    (['train', 'test'] as const).map((which) =>
      [
        m.solver,
        which,
        String(m.runs),
        String(m.completed),
        ...PAPER_COLUMNS.flatMap((c) => [num(m[which][c.key].mean), num(m[which][c.key].std)]),
        num(m.iterations.mean),
        num(m.iterations.std),
        num(m.seconds.mean),
        String(m.testSatisfied),
        String(m.degenerate),
      ].join(','),
    ),
  );
  return `${[header.join(','), ...rows].join('\n')}\n`;
}

/** Plain-text table for the terminal (test split, then train). */
export function paperText(methods: readonly MethodSummary[]): string {
  const header = ['algorithm', ...PAPER_COLUMNS.map((c) => c.title), 'iter', 'runs'];
  const block = (which: 'train' | 'test') => {
    const rows = methods.map((m) => [
      m.title,
      ...PAPER_COLUMNS.map((c) => fmt(m[which][c.key], c.digits, true)),
      fmtCount(m.iterations),
      runsCell(m),
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
    return [`${which.toUpperCase()}`, line(header), ...rows.map(line)].join('\n');
  };
  return `${block('test')}\n\n${block('train')}\n`;
}
