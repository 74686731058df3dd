import type { PreparedSplit } from '../data/prepared-task.js';
import type { StreamedFeatures } from '../data/streamed-features.js';
import { OVERALL } from '../constraints/constraint-plan.js';
import type { Rng } from './rng.js';
import {
  Cycler,
  fillRows,
  layout,
  rowsByGroup,
  type HostBatch,
  type SamplerOptions,
  type TrainingSampler,
} from './sampler.js';
import { STREAM_BLOCK_ROWS } from './split-probabilities.js';

/**
 * Minibatches for a streamed task (main/core/data/streamed-features.ts), whose feature rows are not all in memory.
 *
 * Block-shuffled sampling (docs/science/deviations.md, "Streamed training"): the training split is cut into blocks of
 * consecutive rows; each epoch visits the blocks in a fresh random order, a window of `windowBlocks` of them at a time
 * is resident, and objective rows, the overall slot and every group slot draw from the window as BatchSampler draws
 * from the whole split (a shuffled pass, reshuffled at its end). The window moves on once its rows have each been an
 * objective row, if the next window (read between steps: DuckDB scans on its threads, the encoding takes turns with
 * the steps) has arrived; until then the current one is drawn again. So every training row is an objective row once
 * per epoch of windows, but rows of the same block share minibatches more often than under uniform sampling.
 * A group is held whole (pinned) when some window could hold fewer than `minWindowRows` of its rows (the sum of its
 * `windowBlocks` smallest per-block counts); its constraint rows are then drawn from all of its training rows, so every
 * group always has rows in a constraint sample.
 */
export interface StreamedSamplerOptions extends SamplerOptions {
  /** Training rows per block (one range read of the cached Parquet). */
  blockRows?: number;
  /** Blocks resident at once. */
  windowBlocks?: number;
  /** A group with fewer rows than this in some window is held whole. */
  minWindowRows?: number;
}

const DEFAULT_WINDOW_BLOCKS = 8;
const DEFAULT_MIN_WINDOW_ROWS = 1024;

/** Rows resident for sampling, with their features (rows × width), labels and groups. */
interface Resident {
  x: Float32Array;
  y: Float32Array;
  groups: Int32Array;
  rows: number;
}

function emptyResident(rows: number, width: number): Resident {
  return { x: new Float32Array(rows * width), y: new Float32Array(rows), groups: new Int32Array(rows), rows };
}

/** The windows of one training split and its pinned groups' rows, shared by a run's samplers. */
class WindowStore {
  window!: Resident;
  pinned!: Resident;
  /** The slot groups drawn from the pinned rows. */
  readonly pinnedGroups = new Set<number>();
  /** Increases at every window change; samplers rebuild their cyclers when it does. */
  generation = 0;
  windowsServed = 0;
  readonly blocks: number;
  #order: Int32Array;
  #cursor = 0;
  #next: Resident | null = null;
  #pending: Promise<void> | null = null;
  #prefetching = false;
  #failure: unknown = null;

  constructor(
    readonly split: PreparedSplit,
    readonly stream: StreamedFeatures,
    readonly blockRows: number,
    readonly windowBlocks: number,
    private readonly rng: Rng,
  ) {
    this.blocks = Math.ceil(split.rows / blockRows);
    this.#order = new Int32Array(this.blocks);
    for (let b = 0; b < this.blocks; b++) this.#order[b] = b;
    this.#cursor = this.blocks;
  }

  get width(): number {
    return this.stream.width;
  }

  /** True when every block fits in one window: nothing moves, nothing is pinned. */
  get whole(): boolean {
    return this.blocks <= this.windowBlocks;
  }

  /** Rows of block b. */
  blockSize(b: number): number {
    return Math.min(this.split.rows, (b + 1) * this.blockRows) - b * this.blockRows;
  }

  /** The next window's blocks: the next `windowBlocks` of this epoch's order, the last padded with other random blocks. */
  #nextBlocks(): number[] {
    if (this.whole) return [...this.#order];
    const chosen: number[] = [];
    if (this.#cursor >= this.blocks) {
      this.rng.shuffle(this.#order);
      this.#cursor = 0;
    }
    while (chosen.length < this.windowBlocks && this.#cursor < this.blocks) chosen.push(this.#order[this.#cursor++]!);
    while (chosen.length < this.windowBlocks) {
      const b = this.rng.int(this.blocks);
      if (!chosen.includes(b)) chosen.push(b);
    }
    return chosen.sort((a, b) => a - b);
  }

  async #read(blocks: number[]): Promise<Resident> {
    const rows = blocks.reduce((sum, b) => sum + this.blockSize(b), 0);
    const out = emptyResident(rows, this.width);
    let at = 0;
    for (const b of blocks) {
      const from = b * this.blockRows;
      const size = this.blockSize(b);
      out.x.set(await this.stream.read(this.split, from, from + size), at * this.width);
      out.y.set(this.split.labels.subarray(from, from + size), at);
      out.groups.set(this.split.groups.subarray(from, from + size), at);
      at += size;
    }
    return out;
  }

  /** Loads the pinned groups' rows and the first window. */
  async open(slots: number[], minWindowRows: number): Promise<Map<number, number>> {
    const guaranteed = this.#choosePinned(slots, minWindowRows);
    this.pinned = await this.#readPinned();
    this.window = await this.#read(this.#nextBlocks());
    this.windowsServed = 1;
    return guaranteed;
  }

  /**
   * Starts reading the second window at the first step, not at open: the run's evaluation-cost probes between the
   * two would otherwise be timed while the read shares the thread, and underestimate a full evaluation.
   */
  startPrefetch(): void {
    if (this.#prefetching) return;
    this.#prefetching = true;
    this.#prefetch();
  }

  /** Each slot group's rows guaranteed in a window (all of them when pinned); pins the groups below the minimum. */
  #choosePinned(slots: number[], minWindowRows: number): Map<number, number> {
    const perBlock = new Map<number, Int32Array>();
    for (const g of slots) if (g !== OVERALL && !perBlock.has(g)) perBlock.set(g, new Int32Array(this.blocks));
    for (let i = 0; i < this.split.rows; i++) {
      const counts = perBlock.get(this.split.groups[i]!);
      if (counts) counts[Math.floor(i / this.blockRows)]!++;
    }
    const smallest = (counts: ArrayLike<number>) =>
      Array.from(counts)
        .sort((a, b) => a - b)
        .slice(0, this.windowBlocks)
        .reduce((s, c) => s + c, 0);
    const guaranteed = new Map<number, number>();
    for (const [g, counts] of perBlock) {
      const total = counts.reduce((s, c) => s + c, 0);
      if (total === 0) throw new Error(`group ${g} has no rows in the training split`);
      const inWindow = smallest(counts);
      if (!this.whole && inWindow < minWindowRows) this.pinnedGroups.add(g);
      guaranteed.set(g, this.pinnedGroups.has(g) ? total : inWindow);
    }
    const sizes = Array.from({ length: this.blocks }, (_, b) => this.blockSize(b));
    guaranteed.set(OVERALL, smallest(sizes));
    return guaranteed;
  }

  /** Every row of the pinned groups, read block by block (only the blocks that hold one). */
  async #readPinned(): Promise<Resident> {
    const { split } = this;
    let rows = 0;
    for (let i = 0; i < split.rows; i++) if (this.pinnedGroups.has(split.groups[i]!)) rows++;
    const out = emptyResident(rows, this.width);
    let at = 0;
    for (let b = 0; b < this.blocks && at < rows; b++) {
      const from = b * this.blockRows;
      const to = from + this.blockSize(b);
      let any = false;
      for (let i = from; i < to && !any; i++) any = this.pinnedGroups.has(split.groups[i]!);
      if (!any) continue;
      const x = await this.stream.read(split, from, to);
      for (let i = from; i < to; i++) {
        if (!this.pinnedGroups.has(split.groups[i]!)) continue;
        out.x.set(x.subarray((i - from) * this.width, (i - from + 1) * this.width), at * this.width);
        out.y[at] = split.labels[i]!;
        out.groups[at] = split.groups[i]!;
        at++;
      }
    }
    return out;
  }

  #prefetch(): void {
    if (this.whole) return;
    this.#pending = this.#read(this.#nextBlocks()).then(
      (next) => {
        this.#next = next;
      },
      (error: unknown) => {
        this.#failure = error;
      },
    );
  }

  /** Moves to the prefetched window if it has arrived (true), and starts reading the one after. */
  advance(): boolean {
    if (this.#failure) throw this.#failure;
    if (!this.#next) return false;
    this.window = this.#next;
    this.#next = null;
    this.generation++;
    this.windowsServed++;
    this.#prefetch();
    return true;
  }

  /** Waits for the window being read (tests; a run never waits). */
  async settled(): Promise<void> {
    await this.#pending;
  }
}

/**
 * Resident rows are named by a ref: a window row by its index (≥ 0), a pinned row p by −1 − p, so one cycler can hold
 * either.
 */
export class StreamedSampler implements TrainingSampler {
  readonly features: number;
  #objective!: Cycler;
  #classes: [Cycler, Cycler] | null = null;
  #slotCyclers: Cycler[] = [];
  #generation = -1;
  #objectiveDrawn = 0;
  #drawnInWindow = 0;
  #samplesSeen = 0;

  private constructor(
    private readonly store: WindowStore,
    readonly slots: number[],
    private readonly rng: Rng,
    private readonly guaranteed: Map<number, number>,
    private readonly balanceClasses: boolean,
    /** The run's sampler moves the window; a companion (the logging sampler) only follows it. */
    private readonly drives: boolean,
  ) {
    this.features = store.width;
    this.#rebuild();
  }

  static async open(
    split: PreparedSplit,
    stream: StreamedFeatures,
    slots: number[],
    rng: Rng,
    options: StreamedSamplerOptions = {},
  ): Promise<StreamedSampler> {
    const store = new WindowStore(
      split,
      stream,
      options.blockRows ?? STREAM_BLOCK_ROWS,
      options.windowBlocks ?? DEFAULT_WINDOW_BLOCKS,
      rng,
    );
    const guaranteed = await store.open(slots, options.minWindowRows ?? DEFAULT_MIN_WINDOW_ROWS);
    return new StreamedSampler(store, slots, rng, guaranteed, options.balanceClasses ?? false, true);
  }

  /** A sampler with its own random stream over the same windows (it never moves them). */
  companion(rng: Rng): StreamedSampler {
    return new StreamedSampler(this.store, this.slots, rng, this.guaranteed, this.balanceClasses, false);
  }

  get rows(): number {
    return this.store.split.rows;
  }

  /** Windows made resident so far (the first included). */
  get windowsServed(): number {
    return this.store.windowsServed;
  }

  /** Waits for the window being read (tests; a run never waits). */
  settled(): Promise<void> {
    return this.store.settled();
  }

  slotSizes(): number[] {
    return this.slots.map((g) => this.guaranteed.get(g)!);
  }

  get epochs(): number {
    return this.#objectiveDrawn / this.store.split.rows;
  }

  get samplesSeen(): number {
    return this.#samplesSeen;
  }

  allocate(objectiveRows: number, samples: number, perSlot: number): HostBatch {
    return layout(objectiveRows, samples, perSlot, this.slots.length, this.features);
  }

  fill(batch: HostBatch): HostBatch {
    if (this.drives) this.store.startPrefetch();
    this.#follow();
    fillRows(
      batch,
      () => this.#nextObjectiveRow(),
      () => this.#slotCyclers,
      (row, at) => this.#copy(row, at, batch),
    );
    this.#samplesSeen += batch.rows;
    return batch;
  }

  #follow(): void {
    if (this.#generation !== this.store.generation) this.#rebuild();
  }

  #rebuild(): void {
    const { window, pinned } = this.store;
    this.#generation = this.store.generation;
    this.#drawnInWindow = 0;
    const all = new Int32Array(window.rows);
    for (let i = 0; i < window.rows; i++) all[i] = i;
    this.#objective = new Cycler(all, this.rng);
    if (this.balanceClasses) {
      const members: [number[], number[]] = [[], []];
      for (let i = 0; i < window.rows; i++) members[window.y[i]! > 0.5 ? 1 : 0].push(i);
      if (!members[0].length || !members[1].length)
        throw new Error('balanced class weights need both classes in every window of the training split');
      this.#classes = [
        new Cycler(Int32Array.from(members[0]), this.rng),
        new Cycler(Int32Array.from(members[1]), this.rng),
      ];
    }
    const inWindow = rowsByGroup(window.groups);
    const inPinned = rowsByGroup(pinned.groups);
    const previous = this.#slotCyclers;
    this.#slotCyclers = this.slots.map((g, slot) => {
      if (g === OVERALL) return new Cycler(all, this.rng);
      // Pinned groups keep their cycler across windows: their rows do not change.
      if (this.store.pinnedGroups.has(g))
        return (
          previous[slot] ??
          new Cycler(
            inPinned(g).map((p) => -1 - p),
            this.rng,
          )
        );
      const members = inWindow(g);
      if (!members.length) throw new Error(`group ${g} has no rows in this window of the training split`);
      return new Cycler(members, this.rng);
    });
  }

  #nextObjectiveRow(): number {
    if (this.drives && this.#drawnInWindow >= this.store.window.rows && this.store.advance()) this.#rebuild();
    this.#drawnInWindow++;
    this.#objectiveDrawn++;
    if (!this.#classes) return this.#objective.next();
    return this.#classes[this.rng.float() < 0.5 ? 0 : 1].next();
  }

  /** Copies a resident row into the batch; returns its label. */
  #copy(ref: number, at: number, batch: HostBatch): number {
    const f = this.features;
    const source = ref >= 0 ? this.store.window : this.store.pinned;
    const row = ref >= 0 ? ref : -1 - ref;
    batch.x.set(source.x.subarray(row * f, (row + 1) * f), at * f);
    const y = source.y[row]!;
    batch.y[at] = y;
    return y;
  }
}
