import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { composeHost } from '../../../../main/core/compose.js';
import { Rng } from '../../../../main/core/engine/rng.js';
import { taskConfigSchema, type TaskConfig } from '../../../../shared/config/task-config.js';
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

export interface PersonRow {
  age: string;
  score: string;
  city: string;
  job: string;
  /** Only with `level: true`. */
  level?: string;
  sex: string;
  y: string;
}

/**
 * A people CSV for preparation tests: whole numbers with gaps, decimals (not exactly float32), a skewed city (rare
 * levels past the one-hot cap of 5, gaps), a job code, optionally a numeric code column (`level`) and labels missing
 * every `missingLabelEvery` rows, a group (sex) and a label. Returns the rows as written (a row's index is its source
 * row) and a task config encoding city one-hot and the codes as codes.
 */
export async function peopleFixture(
  tmp: { write: (name: string, content: string) => Promise<string> },
  options: { rows: number; seed: number; level?: boolean; missingLabelEvery?: number },
): Promise<{ rows: PersonRow[]; config: (name: string) => TaskConfig }> {
  const rng = new Rng(options.seed);
  const cities = ['Oslo', 'Lima', 'Pune', 'Kobe', 'Graz', 'Nice', 'Bath', 'Cork', 'Suva'];
  const rows = Array.from({ length: options.rows }, (_, i): PersonRow => {
    const u = rng.float();
    const age = i % 17 === 0 ? '' : String(18 + Math.floor(rng.float() * 60));
    const score = (rng.float() * 10).toFixed(3);
    const city = i % 23 === 0 ? '' : cities[Math.min(cities.length - 1, Math.floor(-Math.log(1 - u) * 2))]!;
    const job = `J${Math.floor(rng.float() * 12)}`;
    const level = options.level ? { level: String(Math.floor(rng.float() * 5) * 10) } : {};
    const sex = rng.float() < 0.5 ? 'F' : 'M';
    const missingLabel = options.missingLabelEvery !== undefined && i % options.missingLabelEvery === 0;
    const y = missingLabel ? '' : rng.float() < 0.4 ? 'yes' : 'no';
    return { age, score, city, job, ...level, sex, y };
  });
  const columns = ['age', 'score', 'city', 'job', ...(options.level ? ['level' as const] : []), 'sex', 'y'] as const;
  const csv = await tmp.write(
    'people.csv',
    [columns.join(','), ...rows.map((r) => columns.map((c) => r[c]).join(','))].join('\n') + '\n',
  );
  const codes = options.level ? ['job', 'level'] : ['job'];
  return {
    rows,
    config: (name) =>
      taskConfigSchema.parse({
        name,
        data: {
          path: csv,
          label: { column: 'y', positive: ['yes'] },
          features: ['age', 'score', 'city', ...codes],
          preprocessing: {
            maxLevels: 5,
            missing: 'indicator',
            columns: {
              city: { encoding: 'onehot' },
              ...Object.fromEntries(codes.map((c) => [c, { encoding: 'code' }])),
            },
          },
        },
        groups: { attributes: [{ column: 'sex' }] },
        constraints: [{ kind: 'positive-rate-gap', topology: 'pairwise', tolerance: 0.05 }],
        split: { test: 0.2, validation: 0.1, seed: 3 },
        model: { hidden: [4] },
        solver: { name: 'ssl-alm', batchSize: 8 },
        budget: { iterations: 10 },
      }),
  };
}
