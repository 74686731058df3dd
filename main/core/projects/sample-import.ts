import type { Dispatch } from '../ipc/dispatcher.js';
import type { EventHub } from '../ipc/event-hub.js';
import type { SampleImporter } from './handlers.js';

/**
 * Imports the bundled sample through the data domain's own channel (datasets:import with {kind:'sample'}) and
 * waits for its datasets:finished event, so a project created "from the sample" comes back with its dataset.
 */
export function sampleImporter(dispatch: () => Dispatch, events: EventHub, timeoutMs = 120_000): SampleImporter {
  return async (projectId) => {
    const finished = new Map<string, { ok: boolean; message?: string }>();
    let wake: (() => void) | undefined;
    const unsubscribe = events.subscribe((event, payload) => {
      if (event !== 'datasets:finished') return;
      const done = payload as { jobId: string; ok: boolean; error?: { message: string } };
      finished.set(done.jobId, { ok: done.ok, ...(done.error === undefined ? {} : { message: done.error.message }) });
      wake?.();
    });
    try {
      const started = await dispatch()('datasets:import', { projectId, source: { kind: 'sample' } }, { transport: 'http', senderId: 'sample-import' });
      if (!started.ok) throw new Error(started.error.message);
      const { jobId } = started.data as { jobId: string };
      const deadline = Date.now() + timeoutMs;
      while (!finished.has(jobId)) {
        const remaining = deadline - Date.now();
        if (remaining <= 0) throw new Error('the sample import did not finish in time');
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, remaining).unref();
        });
      }
      const outcome = finished.get(jobId);
      if (outcome !== undefined && !outcome.ok) throw new Error(outcome.message ?? 'the sample import failed');
    } finally {
      unsubscribe();
    }
  };
}
