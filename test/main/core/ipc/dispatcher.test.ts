import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FairboundError } from '../../../../shared/errors.js';
import { CHANNELS } from '../../../../shared/ipc/contract.js';
import { composeHost } from '../../../../main/core/compose.js';
import { createDispatcher } from '../../../../main/core/ipc/dispatcher.js';
import type { HandlerMap } from '../../../../main/core/ipc/handler-types.js';
import type { Logger } from '../../../../main/core/log/logger.js';
import { MALFORMED_PAYLOADS } from '../../../helpers/malformed.js';
import { repoRoot } from '../../../helpers/paths.js';

function recordingLogger(): Logger & {
  entries: { level: string; message: string; fields: Record<string, unknown> }[];
} {
  const entries: { level: string; message: string; fields: Record<string, unknown> }[] = [];
  return { entries, log: (level, message, fields = {}) => entries.push({ level, message, fields }) };
}

const ctx = { transport: 'http' as const, senderId: 'test' };

describe('dispatcher', () => {
  const log = recordingLogger();
  const host = composeHost({
    dataDir: mkdtempSync(path.join(os.tmpdir(), 'fairbound-dispatch-')),
    resourcesDir: path.join(repoRoot, 'resources'),
    transport: 'http',
    appVersion: '0.0.0-test',
    log,
  });

  it('rejects malformed payloads on every channel of the contract with a typed invalid-payload error', async () => {
    expect(CHANNELS.length).toBeGreaterThan(5);
    for (const channel of CHANNELS) {
      for (const payload of MALFORMED_PAYLOADS) {
        const result = await host.dispatch(channel, payload, ctx);
        expect(result, `${channel} with ${JSON.stringify(payload)}`).toMatchObject({
          ok: false,
          error: { code: 'invalid-payload' },
        });
        if (!result.ok) expect(Array.isArray((result.error.details as { issues: unknown[] }).issues)).toBe(true);
      }
    }
  });

  it('names unknown channels, including prototype keys', async () => {
    for (const channel of ['nope:nothing', '__proto__', 'constructor', 'toString', '']) {
      expect(await host.dispatch(channel, {}, ctx)).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    }
  });

  it('passes FairboundError codes through and hides other errors behind an incident id', async () => {
    const handlers = {
      'app:info': () => Promise.reject(new FairboundError('not-found', 'gone')),
      'projects:list': () => Promise.reject(new Error('secret stack')),
      'projects:get': () => Promise.resolve({ not: 'a project' }),
    } as unknown as HandlerMap;
    const local = recordingLogger();
    const dispatch = createDispatcher(handlers, { log: local, validateResponses: true });
    expect(await dispatch('app:info', {}, ctx)).toEqual({ ok: false, error: { code: 'not-found', message: 'gone' } });

    const internal = await dispatch('projects:list', {}, ctx);
    expect(internal).toMatchObject({ ok: false, error: { code: 'internal' } });
    const incident = !internal.ok ? (internal.error.details as { incident: string }).incident : '';
    expect(internal.ok ? '' : internal.error.message).not.toContain('secret');
    const logged = local.entries.find((e) => e.fields['incident'] === incident);
    expect(String((logged?.fields['error'] as Error).stack)).toContain('secret stack');

    expect(await dispatch('projects:get', { id: 'abc' }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'internal' },
    });
    const lenient = createDispatcher(handlers, { log: local, validateResponses: false });
    expect(await lenient('projects:get', { id: 'abc' }, ctx)).toEqual({ ok: true, data: { not: 'a project' } });
  });

  it('hands handlers the parsed request', async () => {
    const created = await host.dispatch('projects:create', { name: '  Padded  ' }, ctx);
    expect(created).toMatchObject({ ok: true, data: { name: 'Padded' } });
  });
});
