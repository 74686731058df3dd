/** What the queue estimate needs of a job, in the order main queued them. */
export interface QueueEntry {
  id: string;
  status: 'queued' | 'running' | 'paused' | string;
  /** True when the job holds a slot (it is preparing, training, or paused while training). */
  started: boolean;
  /** Seconds left of a started job, null when unknown (paused, or no estimate yet). */
  etaSeconds: number | null;
  /** Seconds the job will take once it starts (its time budget × runs), null when its budget is not in seconds. */
  expectedSeconds: number | null;
}

export interface QueuePlace {
  /** 1 for the next job to start. */
  position: number;
  /** Seconds from now until it starts, null when a job ahead of it has no estimate. */
  startsInSeconds: number | null;
}

/**
 * Position and estimated start of each waiting job: main starts waiting jobs in order whenever one of its
 * `concurrency` slots frees, so the estimate replays that with the started jobs' ETAs and the waiting jobs' budgets.
 * A job the user paused before it started is held back and gets no place.
 */
export function queuePlaces(entries: readonly QueueEntry[], concurrency: number): Map<string, QueuePlace> {
  const started = entries.filter((e) => e.started);
  const slots: (number | null)[] = started.map((e) => e.etaSeconds);
  while (slots.length < Math.max(1, concurrency)) slots.push(0);
  const places = new Map<string, QueuePlace>();
  let position = 0;
  for (const entry of entries) {
    if (entry.started || entry.status !== 'queued') continue;
    position++;
    const known = slots.filter((s): s is number => s !== null);
    // The earliest slot decides; when any slot is unknown, it might be the earliest, so the start is unknown too.
    const startsIn = known.length === slots.length ? Math.min(...known) : null;
    places.set(entry.id, { position, startsInSeconds: startsIn });
    const slot = startsIn === null ? slots.indexOf(null) : slots.indexOf(startsIn);
    slots[slot] = startsIn === null || entry.expectedSeconds === null ? null : startsIn + entry.expectedSeconds;
  }
  return places;
}
