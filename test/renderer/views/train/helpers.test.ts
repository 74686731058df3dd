import { describe, expect, it } from 'vitest';
import { buildConstraintPlan } from '../../../../main/core/constraints/constraint-plan.js';
import type { PreparedGroup } from '../../../../main/core/data/prepared-task.js';
import { CONSTRAINT_KINDS, CONSTRAINT_TOPOLOGIES } from '../../../../shared/fairness.js';
import type { HistoryPoint } from '../../../../shared/config/results.js';
import {
  certifiableText,
  constraintCounts,
  explainConstraint,
  formatGap,
} from '../../../../renderer/src/views/train/constraint-text.js';
import type { ConstraintCertifiability } from '../../../../shared/certifiability.js';
import {
  constraintLabel,
  maxRowSeries,
  paretoAxes,
  paretoFront,
  rowSeries,
  worstRows,
} from '../../../../renderer/src/views/train/series.js';

const groups = (k: number): PreparedGroup[] =>
  Array.from({ length: k }, (_, i) => ({ name: `g${i}`, parts: [`g${i}`], trainCount: 100, small: false }));

describe('constraint text', () => {
  it('counts the measures and rows the engine plans, for every kind, topology and a few group counts', () => {
    for (const kind of CONSTRAINT_KINDS) {
      for (const topology of CONSTRAINT_TOPOLOGIES) {
        for (const k of [2, 3, 7]) {
          const plan = buildConstraintPlan([{ kind, topology, tolerance: 0.1 }], groups(k));
          expect(constraintCounts(kind, topology, k), `${kind}/${topology}/${k}`).toEqual({
            measures: plan.measures.length,
            rows: plan.rows.length,
          });
        }
      }
    }
  });

  it('explains the tolerance in words', () => {
    expect(explainConstraint('positive-rate-gap', 'pairwise', 0.05)).toBe(
      'Positive (selection) rates may differ by at most 5.0 percentage points between any two groups.',
    );
    expect(explainConstraint('loss-gap', 'each-vs-overall', 0.005)).toBe(
      'Mean cross-entropy loss may differ by at most 0.005 between each group and the whole population.',
    );
    expect(explainConstraint('worst-group-loss', 'pairwise', 0.6)).toBe(
      "Every group's mean loss must stay at or below 0.6.",
    );
    expect(formatGap('tpr-gap', 0.123)).toBe('12.3 percentage points');
    expect(formatGap('loss-gap', 0.0123)).toBe('0.0123');
  });

  it('writes every figure of a rate constraint in percentage points, a loss constraint in loss units', () => {
    const entry = (kind: ConstraintCertifiability['kind']): ConstraintCertifiability => ({
      kind,
      topology: 'pairwise',
      tolerance: 0.05,
      measures: 3,
      minCertifiableTolerance: 0.0312,
      groups: [
        { name: 'Asian', testRows: 41, minCertifiableTolerance: 0.2 },
        { name: 'White', testRows: 3000, minCertifiableTolerance: 0.001 },
      ],
      smallestGroup: { name: 'Non-white', testRows: 914 },
      testRowsToCertify: 1400,
    });
    const rate = certifiableText(entry('positive-rate-gap'), 3584, 0.0025);
    expect(rate).toBe(
      'with 914 test rows in Non-white, gaps below ≈ 3.1 percentage points cannot be told from noise; to certify 0.25 percentage points you need ≈ 560,000 test rows; too small to certify 0.25 percentage points: Asian (41 test rows) — their gaps will read inconclusive; a larger minimum group size leaves them out of the constraints',
    );
    // No bare fraction next to the points (the noise floor, the tolerance and the gap all in one unit).
    expect(rate).not.toMatch(/\b0\.0\d/);
    expect(certifiableText(entry('tpr-gap'), 3584, 0.05)).toContain(
      '5.0 percentage points can be certified with these 3,584 test rows',
    );
    expect(explainConstraint('tpr-gap', 'pairwise', 0.0025)).toContain('0.25 percentage points');
    expect(certifiableText(entry('loss-gap'), 3584, 0.005)).toContain(
      'gaps below ≈ 0.031 cannot be told from noise; to certify 0.005 you need',
    );
  });
});

describe('chart series', () => {
  const point = (iteration: number, constraints: number[]): HistoryPoint => ({
    iteration,
    seconds: iteration,
    samples: iteration,
    loss: 1,
    constraints,
    multipliers: [],
  });

  it('labels a constraint row by the name the plan gives it, by its number only while names are unknown', () => {
    const plan = buildConstraintPlan([{ kind: 'equalized-odds', topology: 'pairwise', tolerance: 0.1 }], groups(2));
    const names = plan.measures.map((m) => m.name);
    expect([0, 1].map((row) => constraintLabel(names, row))).toEqual([
      'equalized-odds TPR: g0 vs g1',
      'equalized-odds FPR: g0 vs g1',
    ]);
    expect(constraintLabel([], 1)).toBe('constraint 2');
  });

  it('picks the worst rows by their latest value and offsets them to the tolerance', () => {
    const points = [point(0, [0.3, -0.1, 0.2]), point(1, [-0.2, 0.5, 0.1])];
    expect(worstRows(points, (p) => p.constraints, 2)).toEqual([1, 2]);
    expect(rowSeries(points, (p) => p.constraints, 1, 0.05, 10)).toEqual([
      { x: 0, y: -0.1 + 0.05 },
      { x: 1, y: 0.5 + 0.05 },
    ]);
    expect(maxRowSeries(points, 0, 10)).toEqual([
      { x: 0, y: 0.3 },
      { x: 1, y: 0.5 },
    ]);
  });

  it('finds the Pareto front', () => {
    const pts = [
      { violation: 0, accuracy: 0.7 },
      { violation: 0.01, accuracy: 0.8 },
      { violation: 0.02, accuracy: 0.75 },
      { violation: 0.03, accuracy: 0.82 },
    ];
    expect(paretoFront(pts)).toEqual([pts[0], pts[1], pts[3]]);
  });
});

describe('pareto axes', () => {
  it('starts the violation axis at 0 and gives runs that all meet the tolerance a small positive range, never -1 … 1', () => {
    const axes = paretoAxes([
      { violation: 0, accuracy: 0.8 },
      { violation: 0, accuracy: 0.8 },
    ])!;
    expect(axes.x.min).toBe(0);
    expect(axes.x.max).toBeGreaterThan(0);
    expect(axes.x.max).toBeLessThan(0.01);
    expect(axes.y.min).toBeLessThan(0.8);
    expect(axes.y.max).toBeGreaterThan(0.8);
    expect(axes.y.max - axes.y.min).toBeLessThan(0.02);
  });

  it('spreads runs a few thousandths apart over the plot and keeps negative violations (inside the tolerance) in view', () => {
    const axes = paretoAxes([
      { violation: -0.003, accuracy: 0.761 },
      { violation: 0.004, accuracy: 0.765 },
    ])!;
    expect(axes.x.min).toBeLessThan(-0.003);
    expect(axes.x.max).toBeGreaterThan(0.004);
    expect(axes.x.max - axes.x.min).toBeLessThan(0.02);
    expect(axes.y.min).toBeGreaterThan(0.75);
    expect(axes.y.max).toBeLessThan(0.775);
    expect(paretoAxes([])).toBeNull();
  });
});
