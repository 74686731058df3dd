import type { PreparedSplit } from '../data/prepared-task.js';
import { OVERALL } from '../constraints/constraint-plan.js';
import { countConstants } from './group-stats.js';
import type { Rng } from './rng.js';

/**
 * Draws minibatches on the host and lays them out for one forward pass:
 *   [objective rows (B) | constraint sample 1 (slots × b) | constraint sample 2 (slots × b) | …]
 * Objective rows come from a reshuffled-per-epoch permutation of the split. A constraint sample takes b rows from
 * every slot's group (per-group shuffled cycling, as the paper's per-group loaders), so no group is ever empty in
 * a sample and group sums are a reshape-and-sum; the overall slot draws uniformly from all rows. One constraint sample
 * serves every constraint row (docs/science/deviations.md, row 9).
 * With balanced classes each objective row comes from either class with probability 1/2 (each class cycled), so the
 * minibatch mean is an unbiased estimate of the class-weighted objective (weights n / (2·n_class)).
 */
export interface HostBatch {
  x: Float32Array;
  y: Float32Array;
  rows: number;
  objectiveRows: number;
  samples: number;
  perSlot: number;
  /** True when the objective rows form block 0 of the group sums (objective batch = constraint block size). */
  objectiveBlock: boolean;
  /** [blocks, 5] offsets and inverse denominators (see group-stats); blocks = samples·slots (+1 with objectiveBlock). */
  offset: Float32Array;
  invDen: Float32Array;
  /** Present when the composed-map fast path is used (see composed-map.ts): M [3·rows, outputs] and the constant row. */
  composed?: { map: Float32Array; constant: Float32Array; outputs: number };
}

/** Lays out the constant rows of a batch; the objective block's row makes means[0, loss] the objective mean. */
export function layout(
  objectiveRows: number,
  samples: number,
  perSlot: number,
  slots: number,
  features: number,
): HostBatch {
  const rows = objectiveRows + samples * slots * perSlot;
  const objectiveBlock = samples > 0 && objectiveRows === perSlot;
  const blocks = samples * slots + (objectiveBlock ? 1 : 0);
  const batch: HostBatch = {
    x: new Float32Array(rows * features),
    y: new Float32Array(rows),
    rows,
    objectiveRows,
    samples,
    perSlot,
    objectiveBlock,
    offset: new Float32Array(blocks * 5),
    invDen: new Float32Array(blocks * 5),
  };
  if (objectiveBlock) batch.invDen.fill(1 / objectiveRows, 0, 5);
  return batch;
}

/** Index of the first constant row of constraint block `block` (after the objective block, if any). */
export function blockRow(batch: HostBatch, block: number): number {
  return (block + (batch.objectiveBlock ? 1 : 0)) * 5;
}

/** Cycles through a set of rows, reshuffling at every pass. */
export class Cycler {
  #order: Int32Array;
  #pos = 0;
  wraps = 0;
  constructor(
    members: Int32Array,
    private readonly rng: Rng,
  ) {
    this.#order = members.slice();
    rng.shuffle(this.#order);
  }
  next(): number {
    if (this.#pos >= this.#order.length) {
      this.rng.shuffle(this.#order);
      this.#pos = 0;
      this.wraps++;
    }
    return this.#order[this.#pos++]!;
  }
  get size(): number {
    return this.#order.length;
  }
  get position(): number {
    return this.wraps * this.#order.length + this.#pos;
  }
}

export interface SamplerOptions {
  balanceClasses?: boolean;
}

/** What a solver draws its minibatches from: BatchSampler (every row in memory) or StreamedSampler (streamed-sampler.ts). */
export interface TrainingSampler {
  readonly features: number;
  readonly slots: number[];
  /** Rows of the training split. */
  readonly rows: number;
  /** Rows each slot is guaranteed to draw from without repeating one. */
  slotSizes(): number[];
  /** Objective rows drawn so far divided by the split size. */
  readonly epochs: number;
  readonly samplesSeen: number;
  allocate(objectiveRows: number, samples: number, perSlot: number): HostBatch;
  fill(batch: HostBatch): HostBatch;
}

export class BatchSampler implements TrainingSampler {
  readonly features: number;
  readonly #split: PreparedSplit;
  readonly #objective: Cycler;
  /** Negative and positive rows, when objective rows are drawn class-balanced. */
  readonly #classes: [Cycler, Cycler] | null;
  readonly #rng: Rng;
  #objectiveDrawn = 0;
  readonly #slotCyclers: Cycler[];
  #samplesSeen = 0;

  constructor(
    split: PreparedSplit,
    featureCount: number,
    readonly slots: number[],
    rng: Rng,
    options: SamplerOptions = {},
  ) {
    if (!split.features) throw new Error('a streamed split is sampled by StreamedSampler (streamed-sampler.ts)');
    this.features = featureCount;
    this.#split = split;
    this.#rng = rng;
    const all = new Int32Array(split.rows);
    for (let i = 0; i < split.rows; i++) all[i] = i;
    this.#objective = new Cycler(all, rng);
    this.#classes = options.balanceClasses ? classCyclers(split, rng) : null;
    const byGroup = rowsByGroup(split.groups);
    this.#slotCyclers = slots.map((g) => {
      if (g === OVERALL) return new Cycler(all, rng);
      const members = byGroup(g);
      if (!members.length) throw new Error(`group ${g} has no rows in the training split`);
      return new Cycler(members, rng);
    });
  }

  get rows(): number {
    return this.#split.rows;
  }

  /** Rows available to each slot (the whole split for the overall slot). */
  slotSizes(): number[] {
    return this.#slotCyclers.map((c) => c.size);
  }

  /** Objective rows drawn so far divided by the split size. */
  get epochs(): number {
    return (this.#classes ? this.#objectiveDrawn : this.#objective.position) / this.#split.rows;
  }

  get samplesSeen(): number {
    return this.#samplesSeen;
  }

  /** Allocates the layout once; `fill` then rewrites it in place every step. */
  allocate(objectiveRows: number, samples: number, perSlot: number): HostBatch {
    return layout(objectiveRows, samples, perSlot, this.slots.length, this.features);
  }

  fill(batch: HostBatch): HostBatch {
    fillRows(
      batch,
      () => this.#nextObjectiveRow(),
      () => this.#slotCyclers,
      (row, at) => this.#copy(row, at, batch),
    );
    this.#samplesSeen += batch.rows;
    return batch;
  }

  #nextObjectiveRow(): number {
    if (!this.#classes) return this.#objective.next();
    this.#objectiveDrawn++;
    return this.#classes[this.#rng.float() < 0.5 ? 0 : 1].next();
  }

  /** Copies a row into the batch; returns its label. */
  #copy(row: number, at: number, batch: HostBatch): number {
    const f = this.features;
    batch.x.set(this.#split.features!.subarray(row * f, (row + 1) * f), at * f);
    const y = this.#split.labels[row]!;
    batch.y[at] = y;
    return y;
  }
}

/**
 * Writes a batch's rows in its layout (objective rows, then every constraint sample's slots) and each slot block's
 * constant rows; `copy` writes one row at a batch position and returns its label. Shared by the in-memory and the
 * streamed sampler, which differ only in where a row's features come from. The slot cyclers are asked for after the
 * objective rows: drawing those can move a streamed sampler to its next window, which replaces its cyclers.
 */
export function fillRows(
  batch: HostBatch,
  nextObjectiveRow: () => number,
  currentSlotCyclers: () => { next(): number }[],
  copy: (row: number, at: number) => number,
): void {
  let r = 0;
  for (let i = 0; i < batch.objectiveRows; i++) copy(nextObjectiveRow(), r++);
  const slotCyclers = currentSlotCyclers();
  for (let s = 0; s < batch.samples; s++) {
    slotCyclers.forEach((cycler, slot) => {
      let positives = 0;
      for (let i = 0; i < batch.perSlot; i++) positives += copy(cycler.next(), r++);
      countConstants(
        batch.perSlot,
        positives,
        batch.offset,
        batch.invDen,
        blockRow(batch, s * slotCyclers.length + slot),
      );
    });
  }
}

/** Each group's rows in ascending order, by a counting sort over the group ids (a million rows in milliseconds). */
export function rowsByGroup(groups: Int32Array): (group: number) => Int32Array {
  let lo = 0;
  let hi = -1;
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i]!;
    if (i === 0 || g < lo) lo = g;
    if (i === 0 || g > hi) hi = g;
  }
  const starts = new Int32Array(hi - lo + 2);
  for (let i = 0; i < groups.length; i++) starts[groups[i]! - lo + 1]!++;
  for (let k = 1; k < starts.length; k++) starts[k]! += starts[k - 1]!;
  const rows = new Int32Array(groups.length);
  const at = starts.slice(0, -1);
  for (let i = 0; i < groups.length; i++) rows[at[groups[i]! - lo]!++] = i;
  return (group) =>
    group < lo || group > hi ? new Int32Array(0) : rows.subarray(starts[group - lo]!, starts[group - lo + 1]!);
}

/** One cycler per class; both classes must have rows (a one-class split cannot be balanced). */
function classCyclers(split: PreparedSplit, rng: Rng): [Cycler, Cycler] {
  const members: [number[], number[]] = [[], []];
  for (let i = 0; i < split.rows; i++) members[split.labels[i]! > 0.5 ? 1 : 0].push(i);
  if (!members[0].length || !members[1].length)
    throw new Error('balanced class weights need both classes in the training split');
  return [new Cycler(Int32Array.from(members[0]), rng), new Cycler(Int32Array.from(members[1]), rng)];
}
