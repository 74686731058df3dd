/** Seconds of training between checkpoints of the last good evaluated iterate. */
export const CHECKPOINT_SECONDS = 5;

/**
 * Checkpoint policy: save the last evaluated iterate when CHECKPOINT_SECONDS of training have passed since the last
 * save and it is not the iterate saved then, so a crash loses at most that much training.
 */
export class Checkpointer {
  #savedAtSeconds = 0;
  #savedIteration = -1;

  constructor(
    private readonly save: (weights: Float32Array[]) => Promise<void>,
    private readonly intervalSeconds = CHECKPOINT_SECONDS,
  ) {}

  /** Saves `iterate` if the policy says so; returns whether it did. */
  async offer(iterate: { iteration: number; weights: Float32Array[] } | null, trainSeconds: number): Promise<boolean> {
    if (
      !iterate ||
      iterate.iteration === this.#savedIteration ||
      trainSeconds - this.#savedAtSeconds < this.intervalSeconds
    )
      return false;
    this.#savedAtSeconds = trainSeconds;
    this.#savedIteration = iterate.iteration;
    await this.save(iterate.weights);
    return true;
  }
}
