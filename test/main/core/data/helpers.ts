import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { composeHost } from '../../../../main/core/compose.js';
import { FairboundError, type ErrorCode } from '../../../../shared/errors.js';
import type { EventName } from '../../../../shared/ipc/contract.js';
import { repoRoot } from '../../../helpers/paths.js';

/** A temporary folder per test file, removed afterwards. */
export async function tempDir(prefix = 'fairbound-data-'): Promise<{
  dir: string;
  write: (name: string, content: string | Buffer) => Promise<string>;
  remove: () => Promise<void>;
}> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  return {
    dir,
    write: async (name, content) => {
      const file = path.join(dir, name);
      await writeFile(file, content);
      return file;
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Awaits a promise that must reject with a FairboundError; returns it for further checks. */
export async function fairboundError(promise: Promise<unknown>, code?: ErrorCode): Promise<FairboundError> {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof FairboundError))
      throw new Error(`expected a FairboundError, got ${String(error)}`, { cause: error });
    if (code && error.code !== code)
      throw new Error(`expected code ${code}, got ${error.code}: ${error.message}`, { cause: error });
    return error;
  }
  throw new Error('expected a FairboundError, but the call succeeded');
}

export interface DispatcherHost {
  /** Every event the host emitted, in order. */
  seen: { event: EventName; payload: Record<string, unknown> }[];
  /** Dispatches like the renderer does; a failed call throws an Error carrying the error code. */
  call<T>(channel: string, payload: unknown): Promise<T>;
  /** Waits for the datasets:finished event of an import job and returns its payload. */
  finished(jobId: string): Promise<Record<string, unknown>>;
}

/** A composed host (real services, no transport) on `dataDir`, driven through its dispatcher. */
export function dispatcherHost(dataDir: string): DispatcherHost {
  const host = composeHost({
    dataDir,
    resourcesDir: path.join(repoRoot, 'resources'),
    transport: 'http',
    appVersion: 'test',
    log: { log: () => {} },
  });
  const ctx = { transport: 'http' as const, senderId: 'test' };
  const seen: DispatcherHost['seen'] = [];
  host.events.subscribe((event, payload) => seen.push({ event, payload: payload as Record<string, unknown> }));
  return {
    seen,
    async call<T>(channel: string, payload: unknown): Promise<T> {
      const r = await host.dispatch(channel as never, payload as never, ctx);
      if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
      return r.data as T;
    },
    async finished(jobId) {
      for (let i = 0; i < 600; i++) {
        const done = seen.find((e) => e.event === 'datasets:finished' && e.payload['jobId'] === jobId);
        if (done) return done.payload;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error('import did not finish');
    },
  };
}
