import { describe, expect, it } from 'vitest';
import { fitLogisticRegression } from '../../../../main/core/baselines/logistic-regression.js';
import { shiftedGroups } from './synthetic.js';

describe('fitLogisticRegression', () => {
  it('reaches the optimum: the penalised gradient vanishes', () => {
    const { x, labels } = shiftedGroups(500, 1);
    const weights = Float64Array.from({ length: 500 }, (_, i) => 0.5 + (i % 3));
    const model = fitLogisticRegression(x, labels, weights, { c: 1, tolerance: 1e-9, maxIterations: 500 });
    const grad = new Float64Array(3);
    for (let i = 0; i < 500; i++) {
      const z = model.bias + model.weights[0]! * x.values[i * 2]! + model.weights[1]! * x.values[i * 2 + 1]!;
      const r = weights[i]! * (1 / (1 + Math.exp(-z)) - labels[i]!);
      grad[0]! += r * x.values[i * 2]!;
      grad[1]! += r * x.values[i * 2 + 1]!;
      grad[2]! += r;
    }
    // scikit-learn's objective Σ w·logloss + ‖β‖²/(2C): gradient Σ w·r·x + β.
    expect(grad[0]! + model.weights[0]!).toBeCloseTo(0, 4);
    expect(grad[1]! + model.weights[1]!).toBeCloseTo(0, 4);
    expect(grad[2]!).toBeCloseTo(0, 4);
    // The signal feature carries the label; the noise feature does not.
    expect(model.weights[0]!).toBeGreaterThan(1);
    expect(Math.abs(model.weights[1]!)).toBeLessThan(0.3);
  });

  it('a weight of 2 equals the row twice', () => {
    const { x, labels } = shiftedGroups(200, 2);
    const weights = Float64Array.from({ length: 200 }, (_, i) => (i < 50 ? 2 : 1));
    const doubled = { rows: 250, cols: 2, values: Float64Array.from([...x.values, ...x.values.subarray(0, 100)]) };
    const doubledLabels = Float64Array.from([...labels, ...labels.subarray(0, 50)]);
    const a = fitLogisticRegression(x, labels, weights, { tolerance: 1e-10, maxIterations: 500 });
    const b = fitLogisticRegression(doubled, doubledLabels, new Float64Array(250).fill(1), {
      tolerance: 1e-10,
      maxIterations: 500,
    });
    expect(a.weights[0]!).toBeCloseTo(b.weights[0]!, 5);
    expect(a.weights[1]!).toBeCloseTo(b.weights[1]!, 5);
    expect(a.bias).toBeCloseTo(b.bias, 5);
  });
});
