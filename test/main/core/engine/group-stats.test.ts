import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../../main/core/engine/backend.js';
import { buildConstraintPlan, STAT_NAMES } from '../../../../main/core/constraints/constraint-plan.js';
import {
  constraintValues,
  countConstants,
  createConstraintTensors,
  groupSumsBlocks,
  rowColumns,
  slotMeans,
} from '../../../../main/core/engine/group-stats.js';
import { Rng } from '../../../../main/core/engine/rng.js';
import { tf } from '../../../../main/core/engine/tf.js';
import type { PreparedGroup } from '../../../../main/core/data/prepared-task.js';

beforeAll(async () => {
  await selectBackend('cpu');
});

const rng = new Rng(7);
const B = 60;
const G = 3;
const logitsHost = Float32Array.from({ length: B }, () => rng.normal() * 2);
const labelsHost = Float32Array.from({ length: B }, () => (rng.float() < 0.4 ? 1 : 0));
const ids = Int32Array.from({ length: B }, (_, i) => Math.floor(i / (B / G)));

function naive(): number[][] {
  const sums = Array.from({ length: G }, () => [0, 0, 0]);
  for (let i = 0; i < B; i++) {
    const z = logitsHost[i]!;
    const y = labelsHost[i]!;
    const p = 1 / (1 + Math.exp(-z));
    const bce = -(y * Math.log(p) + (1 - y) * Math.log(1 - p));
    const s = sums[ids[i]!]!;
    s[0]! += bce;
    s[1]! += p;
    s[2]! += y * p;
  }
  return sums;
}

describe('one-pass group sums', () => {
  it('block sums of [bce, p, y·p] match a naive per-row loop', () => {
    const expected = naive();
    const blocks = tf.tidy(() => {
      const columns = rowColumns(tf.tensor2d(logitsHost, [B, 1]), tf.tensor2d(labelsHost, [B, 1]));
      return groupSumsBlocks(columns, G, B / G).arraySync();
    });
    for (let g = 0; g < G; g++) for (let k = 0; k < 3; k++) expect(blocks[g]![k]).toBeCloseTo(expected[g]![k]!, 3);
  });

  it('statistic means are the soft loss, positive rate, TPR, FPR and accuracy per group', () => {
    const sums = naive();
    const offset = new Float32Array(G * 5);
    const invDen = new Float32Array(G * 5);
    const pos = [0, 0, 0];
    for (let i = 0; i < B; i++) pos[ids[i]!]! += labelsHost[i]!;
    for (let g = 0; g < G; g++) countConstants(B / G, pos[g]!, offset, invDen, g * 5);
    const means = tf.tidy(() =>
      slotMeans(
        tf.tensor2d(sums.flat(), [G, 3]),
        tf.tensor2d([
          [1, 0, 0, 0, 0],
          [0, 1, 0, 1, -1],
          [0, 0, 1, -1, 2],
        ]),
        tf.tensor2d(offset, [G, 5]),
        tf.tensor2d(invDen, [G, 5]),
      ).arraySync(),
    );
    for (let g = 0; g < G; g++) {
      let tp = 0,
        fp = 0,
        acc = 0;
      const n = B / G;
      for (let i = g * n; i < (g + 1) * n; i++) {
        const p = 1 / (1 + Math.exp(-logitsHost[i]!));
        const y = labelsHost[i]!;
        tp += y * p;
        fp += (1 - y) * p;
        acc += y * p + (1 - y) * (1 - p);
      }
      const row = means[g]!;
      expect(row[STAT_NAMES.indexOf('loss')]).toBeCloseTo(sums[g]![0]! / n, 4);
      expect(row[STAT_NAMES.indexOf('positiveRate')]).toBeCloseTo(sums[g]![1]! / n, 4);
      expect(row[STAT_NAMES.indexOf('tpr')]).toBeCloseTo(tp / pos[g]!, 4);
      expect(row[STAT_NAMES.indexOf('fpr')]).toBeCloseTo(fp / (n - pos[g]!), 4);
      expect(row[STAT_NAMES.indexOf('accuracy')]).toBeCloseTo(acc / n, 4);
    }
  });
});

describe('constraint values and gradients', () => {
  const groups: PreparedGroup[] = ['A', 'B', 'C'].map((name) => ({
    name,
    parts: [name],
    trainCount: 20,
    small: false,
  }));
  const kinds = [
    'loss-gap',
    'positive-rate-gap',
    'tpr-gap',
    'equalized-odds',
    'accuracy-gap',
    'worst-group-loss',
  ] as const;

  for (const kind of kinds) {
    it(`${kind}: autodiff gradient matches central finite differences`, () => {
      const plan = buildConstraintPlan(
        [{ kind, topology: kind === 'accuracy-gap' ? 'each-vs-overall' : 'pairwise', tolerance: 0.01 }],
        groups,
      );
      const slots = plan.slots.length;
      const per = 10;
      const r = new Rng(3);
      const F = 2;
      const x = Float32Array.from({ length: slots * per * F }, () => r.normal());
      const y = Float32Array.from({ length: slots * per }, (_, i) => (i % 3 === 0 ? 1 : 0));
      const offset = new Float32Array(slots * 5);
      const invDen = new Float32Array(slots * 5);
      for (let s = 0; s < slots; s++) {
        let pos = 0;
        for (let i = 0; i < per; i++) pos += y[s * per + i]!;
        countConstants(per, pos, offset, invDen, s * 5);
      }
      const ct = createConstraintTensors(plan);
      const value = (w: Float32Array): tf.Tensor1D =>
        tf.tidy(() => {
          const z = tf.matMul(tf.tensor2d(x, [slots * per, F]), tf.tensor2d(w, [F, 1])) as tf.Tensor2D;
          const columns = rowColumns(z, tf.tensor2d(y, [slots * per, 1]));
          const means = slotMeans(
            groupSumsBlocks(columns, slots, per),
            ct.numMap,
            tf.tensor2d(offset, [slots, 5]),
            tf.tensor2d(invDen, [slots, 5]),
          );
          return tf.reshape(constraintValues(means, 1, ct), [-1]) as tf.Tensor1D;
        });
      const w0 = Float32Array.from([0.3, -0.7]);
      for (let row = 0; row < plan.rows.length; row++) {
        const grad = tf.tidy(() => {
          const wv = tf.variable(tf.tensor2d(w0, [F, 1]));
          const { grads } = tf.variableGrads(() => {
            const z = tf.matMul(tf.tensor2d(x, [slots * per, F]), wv) as tf.Tensor2D;
            const columns = rowColumns(z, tf.tensor2d(y, [slots * per, 1]));
            const means = slotMeans(
              groupSumsBlocks(columns, slots, per),
              ct.numMap,
              tf.tensor2d(offset, [slots, 5]),
              tf.tensor2d(invDen, [slots, 5]),
            );
            return tf.reshape(tf.slice(constraintValues(means, 1, ct), [0, row], [1, 1]), []) as tf.Scalar;
          }, [wv]);
          const out = Array.from(grads[wv.name]!.dataSync());
          wv.dispose();
          return out;
        });
        for (let j = 0; j < F; j++) {
          const h = 1e-2;
          const up = Float32Array.from(w0);
          const down = Float32Array.from(w0);
          up[j]! += h;
          down[j]! -= h;
          const vu = value(up);
          const vd = value(down);
          const fd = (vu.dataSync()[row]! - vd.dataSync()[row]!) / (2 * h);
          tf.dispose([vu, vd]);
          expect(Math.abs(grad[j]! - fd)).toBeLessThan(2e-3 + 1e-2 * Math.abs(fd));
        }
      }
      tf.dispose([ct.numMap, ct.selection, ct.tolerance]);
    });
  }
});
