import { createWriteStream, type WriteStream } from 'node:fs';
import type { EvaluationPoint, HistoryPoint } from '../../../shared/config/results.js';

/** Logged points written before thinning starts; after it, one point per ~1 % growth of the point count. */
export const HISTORY_DENSE_POINTS = 200;
const HISTORY_GROWTH = 1.01;

/**
 * Writes a run's history file (history/run-<i>.jsonl), thinned as it is written so that its size grows with the
 * logarithm of the run's length, not with it: the first HISTORY_DENSE_POINTS logged points, then geometrically spaced
 * ones (≈ 100 per tenfold growth: ~1,100 lines for a million logged points, ~3.5 MB with 80 constraints), and always
 * the last one. Every evaluation is kept (they are few: scheduled by cost). Same line format as readHistoryFile reads.
 */
export class HistoryFileWriter {
  readonly #stream: WriteStream;
  #offered = 0;
  #nextKept = 0;
  #unwritten: HistoryPoint | null = null;

  constructor(file: string) {
    this.#stream = createWriteStream(file);
  }

  point(point: HistoryPoint): void {
    const k = this.#offered++;
    if (k < HISTORY_DENSE_POINTS || k >= this.#nextKept) {
      this.#nextKept = Math.max(k + 1, Math.ceil(k * HISTORY_GROWTH));
      this.#write({ type: 'history', ...point });
      this.#unwritten = null;
    } else this.#unwritten = point;
  }

  evaluation(point: EvaluationPoint): void {
    this.#write({ type: 'evaluation', ...point });
  }

  /** Writes the last logged point if thinning skipped it, and closes the file. */
  close(): Promise<void> {
    if (this.#unwritten) this.#write({ type: 'history', ...this.#unwritten });
    this.#unwritten = null;
    return new Promise((resolve, reject) => {
      this.#stream.once('error', reject);
      this.#stream.end(() => resolve());
    });
  }

  #write(value: object): void {
    this.#stream.write(`${JSON.stringify(value)}\n`);
  }
}
