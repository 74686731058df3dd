import type { ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { z } from 'zod';
import { ERROR_CODES } from '../../../shared/errors.js';
import { CHANNELS, contract } from '../../../shared/ipc/contract.js';
import { projectSchema } from '../../../shared/project.js';
import { connectWs, type WsClient } from '../../e2e/harness.js';
import { spawnHostProcess, type HostProcess } from './fixtures/spawn-host.js';

/**
 * Fuzz of the headless host through its real WebSocket transport (loopback, seeded, bounded): every contract
 * channel gets random and field-shaped payloads, and the socket gets malformed frames. Each reply must be a
 * typed Result (never "internal"), the host must stay up, its memory within budget, and every project.json whole.
 */
const SEED = 20261130;
/** Resident memory the host may reach during the fuzz (it idles around 250 MB). */
const RSS_BUDGET_BYTES = 1024 * 1024 * 1024;
/** Channels whose valid requests start long work (training, audits, imports, probes): fuzzed with non-object payloads only. */
const LONG_WORK = new Set([
  'training:start',
  'training:backends',
  'audit:compute',
  'audit:export',
  'datasets:import',
  'datasets:reimport',
  'configs:import',
]);

let child: ChildProcess;
let dataDir = '';
let port = 0;
let token = '';
let host: HostProcess;
const counts = { requests: 0, frames: 0, ok: 0, typedErrors: 0 };

beforeAll(async () => {
  host = await spawnHostProcess();
  ({ child, dataDir, port, token } = host);
}, 60_000);

afterAll(() => {
  child.kill('SIGKILL');
  process.stdout.write(
    `fuzz: ${counts.requests} requests (${counts.ok} ok, ${counts.typedErrors} typed errors), ${counts.frames} malformed frames\n`,
  );
});

function rssBytes(): { now: number; peak: number } {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
  return { now: kb('VmRSS'), peak: kb('VmHWM') };
}

function expectTyped(channel: string, payload: unknown, result: unknown): void {
  counts.requests++;
  const reply = result as { ok: boolean; error?: { code: string; message: string } };
  if (reply.ok) {
    counts.ok++;
    return;
  }
  counts.typedErrors++;
  const context = `${channel} ${JSON.stringify(payload)?.slice(0, 300)} → ${JSON.stringify(reply).slice(0, 300)}`;
  expect(ERROR_CODES as readonly string[], context).toContain(reply.error?.code);
  expect(reply.error?.code, context).not.toBe('internal');
}

/** Field names of a request schema (objects and unions of objects). */
function fieldsOf(schema: z.ZodType): string[] {
  const def = (schema as unknown as { def: { type: string; shape?: Record<string, unknown>; options?: z.ZodType[] } })
    .def;
  if (def.type === 'object' && def.shape !== undefined) return Object.keys(def.shape);
  if (def.type === 'union' && def.options !== undefined) return [...new Set(def.options.flatMap(fieldsOf))];
  return [];
}

function deep(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? { a: value } : [value];
  return value;
}

describe('fuzz: every contract channel over the real WebSocket transport', () => {
  let ws: WsClient;
  let projectId = '';

  beforeAll(async () => {
    ws = await connectWs({ port, token });
    const created = await ws.invoke('projects:create', { name: 'Fuzz target' });
    projectId = (created as { data: { id: string } }).data.id;
  });
  afterAll(() => ws.close());

  const value = () =>
    fc.oneof(
      fc.constantFrom<unknown>(
        projectId,
        'job-0',
        '',
        0,
        -1,
        1e308,
        Number.MAX_SAFE_INTEGER,
        true,
        null,
        [],
        {},
        '../../etc/passwd',
        '\u202Ename',
      ),
      fc.string({ maxLength: 40 }),
      fc.double(),
      fc.integer(),
      fc.anything({ maxDepth: 3, maxKeys: 4 }),
      fc.constantFrom(
        deep(40),
        deep(1_000),
        'x'.repeat(100_000),
        Array.from({ length: 10_000 }, (_, i) => i),
      ),
    );

  it('answers random and field-shaped payloads with a typed Result, and stays up within its memory budget', async () => {
    for (const channel of CHANNELS) {
      const fields = fieldsOf(contract[channel].request);
      // Ids point at a real project, so requests get past validation into the handlers.
      const shaped = fc.oneof(
        fc.record(
          Object.fromEntries(
            fields.map((f) => [f, f === 'id' || f === 'projectId' ? fc.constant<unknown>(projectId) : value()]),
          ),
          { requiredKeys: [] },
        ),
        fc.dictionary(fc.constantFrom(...fields, 'extra'), value(), { maxKeys: fields.length + 1 }),
      );
      const nonObject = fc
        .anything({ maxDepth: 2 })
        .filter((v) => typeof v !== 'object' || v === null || Array.isArray(v));
      const payloads = LONG_WORK.has(channel) || fields.length === 0 ? nonObject : fc.oneof(shaped, nonObject);
      await fc.assert(
        fc.asyncProperty(payloads, async (payload) => {
          expectTyped(channel, payload, await ws.invoke(channel, payload));
        }),
        { seed: SEED, numRuns: 40, endOnFailure: true },
      );
    }
    expect(child.exitCode, host.output()).toBeNull();
    expect(await ws.invoke('app:info', {})).toMatchObject({ ok: true });
    expect(rssBytes().peak).toBeLessThan(RSS_BUDGET_BYTES);
  }, 60_000);

  it('answers a message nested 100,000 deep (too deep to build with JSON.stringify) with invalid-payload', async () => {
    const nested = `${'['.repeat(100_000)}1${']'.repeat(100_000)}`;
    for (const payload of [`{"id": ${JSON.stringify(projectId)}, "task": {"a": ${nested}}}`, nested]) {
      const reply = await ws.sendRaw(
        `{"id": "deep", "channel": "projects:update-task", "payload": ${payload}}`,
        'deep',
      );
      expect(reply).toMatchObject({ id: 'deep', result: { ok: false, error: { code: 'invalid-payload' } } });
    }
    expect(child.exitCode, host.output()).toBeNull();
  });

  it('closes a connection on a malformed frame, answers a malformed message, and serves everyone else', async () => {
    const frame = fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => ({ bytes, binary: false })),
      fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => ({ bytes, binary: true })),
      fc.string({ maxLength: 200 }).map((text) => ({ bytes: Buffer.from(text), binary: false })),
      fc.json({ maxDepth: 3 }).map((text) => ({ bytes: Buffer.from(text), binary: false })),
    );
    const bystander = await connectWs({ port, token });
    await fc.assert(
      fc.asyncProperty(frame, async ({ bytes, binary }) => {
        counts.frames++;
        const outcome = await new Promise<string>((resolve) => {
          const socket = new WebSocket(`ws://127.0.0.1:${port}/ws`, ['fairbound', `fairbound-token.${token}`], {
            origin: `http://127.0.0.1:${port}`,
          });
          socket.on('error', () => undefined);
          socket.on('open', () => socket.send(bytes, { binary }));
          socket.on('message', (data) => {
            const reply = JSON.parse(data.toString()) as { result?: { ok: boolean; error?: { code: string } } };
            socket.close();
            resolve(reply.result?.ok === true ? 'ok' : (reply.result?.error?.code ?? 'no result'));
          });
          socket.on('close', (code) => resolve(`closed ${code}`));
        });
        expect(
          ['invalid-payload', 'unknown-channel', 'ok', 'closed 1007', 'closed 1005', 'closed 1000'],
          outcome,
        ).toContain(outcome);
      }),
      { seed: SEED, numRuns: 150, endOnFailure: true },
    );
    expect(child.exitCode, host.output()).toBeNull();
    expect(await bystander.invoke('app:info', {})).toMatchObject({ ok: true });
    bystander.close();
  }, 60_000);

  it('leaves every project.json whole and no temp file behind', () => {
    const root = path.join(dataDir, 'projects');
    for (const id of readdirSync(root).filter((name) => !name.startsWith('.'))) {
      const text = readFileSync(path.join(root, id, 'project.json'), 'utf8');
      expect(projectSchema.safeParse(JSON.parse(text)).success, id).toBe(true);
      expect(readdirSync(path.join(root, id)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    }
  });
});
