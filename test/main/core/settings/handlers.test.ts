import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices } from '../../../../main/core/compose.js';
import { createDispatcher } from '../../../../main/core/ipc/dispatcher.js';
import type { HandlerMap } from '../../../../main/core/ipc/handler-types.js';
import { createLogger } from '../../../../main/core/log/logger.js';
import { settingsHandlers } from '../../../../main/core/settings/handlers.js';
import { cpuCores } from '../../../../main/core/settings/preferences.js';
import { createTrainingDomain } from '../../../../main/core/training/handlers.js';
import { FakeEngine, preparedTask, runResult, testConfig } from '../training/fakes.js';

let dir: string;
const ctx = { transport: 'http' as const, senderId: 'test' };

/** The settings and training domains of one process on `dir`, as the composition root wires them. */
function host(engine: FakeEngine) {
  const services = createServices({
    dataDir: dir,
    resourcesDir: dir,
    transport: 'http',
    appVersion: 'test',
    log: createLogger({ quiet: true }),
  }).services;
  const training = createTrainingDomain(services, {
    engine,
    prepare: async (config) => preparedTask(config),
    probeBackends: async () => ({ backends: [], auto: 'cpu', notes: [] }),
  });
  const handlers = { ...training.handlers, ...settingsHandlers(services) } as unknown as HandlerMap;
  return { services, training, call: createDispatcher(handlers, { log: services.log, validateResponses: true }) };
}

async function projectWithDraft(services: ReturnType<typeof host>['services']): Promise<string> {
  const project = await services.projects.create('settings');
  const { data, split, groups } = testConfig();
  await services.projects.update(project.id, (p) => {
    p.task = { data, split, groups, runs: 1, budget: { iterations: 10 } };
  });
  return project.id;
}

/** Lets queued promise callbacks (record writes, prepare) run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'fb-settings-h-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('"jobs run at once" setting', () => {
  it('defaults to one, rejects more than the CPU cores here, and saves a valid value to settings.json', async () => {
    const { call, services } = host(new FakeEngine());
    const cores = cpuCores();
    expect(await call('settings:get', {}, ctx)).toEqual({
      ok: true,
      data: { preferences: { jobsAtOnce: 1 }, cpuCores: cores },
    });

    const tooMany = await call('settings:update', { jobsAtOnce: cores + 1 }, ctx);
    expect(tooMany.ok ? null : tooMany.error).toMatchObject({
      code: 'invalid-payload',
      message: expect.stringContaining(`at most ${cores}`),
    });
    for (const bad of [0, 1.5, '2']) {
      const res = await call('settings:update', { jobsAtOnce: bad }, ctx);
      expect(res.ok ? null : res.error.code, String(bad)).toBe('invalid-payload');
    }
    expect(services.settings.get().jobsAtOnce).toBe(1);

    const set = await call('settings:update', { jobsAtOnce: cores }, ctx);
    expect(set).toEqual({ ok: true, data: { preferences: { jobsAtOnce: cores }, cpuCores: cores } });
    expect(JSON.parse(await readFile(services.settings.path, 'utf8'))).toMatchObject({ jobsAtOnce: cores });
  });

  it('applies to the training queue at once and again after a restart', async () => {
    expect(cpuCores()).toBeGreaterThanOrEqual(2);
    const engine = new FakeEngine();
    const first = host(engine);
    const projectId = await projectWithDraft(first.services);
    const started = await first.call('training:start', { projectId, sweep: { tolerances: [0.01, 0.02, 0.03] } }, ctx);
    expect(started.ok).toBe(true);
    await engine.started(1);
    await settle();
    expect(engine.jobs).toHaveLength(1);

    expect((await first.call('settings:update', { jobsAtOnce: 2 }, ctx)).ok).toBe(true);
    await engine.started(2);
    await settle();
    expect(engine.jobs).toHaveLength(2);
    for (const job of engine.jobs) await job.finish([runResult(0)]);
    await (await engine.started(3))[2]!.finish([runResult(0)]);
    await first.training.manager.whenIdle();

    // A new process on the same data folder reads the setting and runs two at once from the start.
    const again = new FakeEngine();
    const second = host(again);
    expect(second.training.manager.concurrency).toBe(2);
    expect(await second.call('settings:get', {}, ctx)).toMatchObject({
      ok: true,
      data: { preferences: { jobsAtOnce: 2 } },
    });
    expect(
      (await second.call('training:start', { projectId, sweep: { tolerances: [0.01, 0.02, 0.03] } }, ctx)).ok,
    ).toBe(true);
    await again.started(2);
    await settle();
    expect(again.jobs).toHaveLength(2);
    for (const job of again.jobs) await job.finish([runResult(0)]);
    await (await again.started(3))[2]!.finish([runResult(0)]);
    await second.training.manager.whenIdle();
  });
});
