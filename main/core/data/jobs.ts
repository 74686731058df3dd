import { randomUUID } from 'node:crypto';

/** Running imports by job id, so datasets:cancel can reach them. */
export class ImportJobs {
  readonly #running = new Map<string, AbortController>();

  start(): { jobId: string; signal: AbortSignal; done: () => void } {
    const jobId = randomUUID();
    const controller = new AbortController();
    this.#running.set(jobId, controller);
    return { jobId, signal: controller.signal, done: () => this.#running.delete(jobId) };
  }

  cancel(jobId: string): boolean {
    const controller = this.#running.get(jobId);
    if (!controller) return false;
    controller.abort();
    return true;
  }
}

/** At most one progress event per interval (the contract allows 20 per second), always the latest value. */
export function throttle<T>(
  emit: (value: T) => void,
  intervalMs = 100,
): { push: (value: T) => void; flush: () => void } {
  let last = 0;
  let pending: T | undefined;
  return {
    push(value) {
      const now = Date.now();
      if (now - last >= intervalMs) {
        last = now;
        pending = undefined;
        emit(value);
      } else pending = value;
    },
    flush() {
      if (pending !== undefined) emit(pending);
      pending = undefined;
    },
  };
}
