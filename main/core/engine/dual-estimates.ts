import type { PreparedSplit } from '../data/prepared-task.js';
import { constraintValues, groupSumsBlocks, slotMeans, type ConstraintTensors } from './group-stats.js';
import { logits, type Mlp } from './model.js';
import type { Rng } from './rng.js';
import { BatchSampler, type HostBatch } from './sampler.js';
import { tf } from './tf.js';

/**
 * Constraint estimates for the multiplier side only (the task's solver.dual): multiplier updates (GDA, ALM, SSL-ALM), the penalty value of the
 * augmented term (ALM, SSL-ALM) and the switch test (switching subgradient) read these, while the parameter gradient
 * keeps using the training sample. Drawn from their own sampler and random stream (one stratified sample per step, no
 * gradient), so they never change which training rows a step sees. Hard rates count p ≥ threshold instead of σ(z).
 */
export class DualEstimates {
  readonly #sampler: BatchSampler;
  readonly #batch: HostBatch;
  #cut: number;

  constructor(
    split: PreparedSplit,
    features: number,
    slots: number[],
    rng: Rng,
    perSlot: number,
    private readonly model: Mlp,
    private readonly constraints: ConstraintTensors,
    private readonly hard: boolean,
    threshold: number,
  ) {
    this.#sampler = new BatchSampler(split, features, slots, rng);
    this.#batch = this.#sampler.allocate(0, 1, perSlot);
    this.#cut = 0;
    this.setThreshold(threshold);
  }

  /**
   * Counts hard rates at `threshold` from now on: the run moves it to each evaluated iterate's threshold, so a threshold
   * chosen by rule on validation data is the one the multipliers see.
   */
  setThreshold(threshold: number): void {
    this.#cut = Math.log(threshold / (1 - threshold));
  }

  /** One-sided constraint estimates c_i (value − tolerance) [rows] on a fresh sample; call inside a tidy scope. */
  rows(): tf.Tensor1D {
    const b = this.#sampler.fill(this.#batch);
    const ct = this.constraints;
    const z = logits(this.model, tf.tensor2d(b.x, [b.rows, this.#sampler.features]));
    const y = tf.tensor2d(b.y, [b.rows, 1]);
    const p = this.hard ? tf.cast(tf.greaterEqual(z, this.#cut), 'float32') : tf.sigmoid(z);
    // The columns of group-stats.ts: [bce, p, y·p].
    const columns = tf.concat([tf.sub(tf.softplus(z), tf.mul(y, z)), p, tf.mul(y, p)], 1) as tf.Tensor2D;
    const blocks = ct.slots;
    const means = slotMeans(
      groupSumsBlocks(columns, blocks, b.perSlot),
      ct.numMap,
      tf.tensor2d(b.offset, [blocks, 5]),
      tf.tensor2d(b.invDen, [blocks, 5]),
    );
    return tf.reshape(constraintValues(means, 1, ct), [-1]) as tf.Tensor1D;
  }
}
