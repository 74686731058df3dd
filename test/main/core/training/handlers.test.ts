import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices } from '../../../../main/core/compose.js';
import { createDispatcher } from '../../../../main/core/ipc/dispatcher.js';
import type { HandlerMap } from '../../../../main/core/ipc/handler-types.js';
import { createLogger } from '../../../../main/core/log/logger.js';
import type { Services } from '../../../../main/core/services.js';
import { createTrainingDomain, type TrainingDomain } from '../../../../main/core/training/handlers.js';
import { FakeEngine, preparedTask, runResult, testConfig } from './fakes.js';

let dir: string;
let services: Services;
let domain: TrainingDomain;
let engine: FakeEngine;
let dispatch: ReturnType<typeof createDispatcher>;
const ctx = { transport: 'http' as const, senderId: 'test' };

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'fb-train-h-'));
  services = createServices({
    dataDir: dir,
    resourcesDir: dir,
    transport: 'http',
    appVersion: 'test',
    log: createLogger({ quiet: true }),
  }).services;
  engine = new FakeEngine();
  domain = createTrainingDomain(services, {
    engine,
    prepare: async (config) => preparedTask(config),
    probeBackends: async () => ({
      backends: [{ name: 'cpu', available: true, detail: 'JavaScript CPU' }],
      auto: 'cpu',
      notes: [],
    }),
  });
  dispatch = createDispatcher(domain.handlers as unknown as HandlerMap, { log: services.log, validateResponses: true });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function call(channel: string, payload: unknown) {
  return dispatch(channel, payload, ctx);
}

async function projectWithDraft(): Promise<string> {
  const project = await services.projects.create('h');
  const { data, split, groups } = testConfig();
  await services.projects.update(project.id, (p) => {
    p.task = { data, split, groups };
  });
  return project.id;
}

describe('training handlers', () => {
  it('says what the test split can certify for unsaved settings, validating the payload', async () => {
    const id = await projectWithDraft();
    const setup = await call('training:setup', { projectId: id });
    if (!setup.ok) throw new Error(setup.error.message);
    const settings = (setup.data as { settings: Record<string, unknown> }).settings;
    const answer = await call('training:certifiability', {
      projectId: id,
      settings: { ...settings, constraints: [{ kind: 'positive-rate-gap', topology: 'pairwise', tolerance: 0.05 }] },
    });
    expect(answer.ok).toBe(true);
    if (!answer.ok) return;
    // The fake split puts all 4 test rows in White: the pair cannot be measured, and the answer says so (null).
    expect(answer.data).toMatchObject({
      testRows: 4,
      constraints: [{ kind: 'positive-rate-gap', tolerance: 0.05, minCertifiableTolerance: null, smallestGroup: null }],
    });
    const bad = await call('training:certifiability', {
      projectId: id,
      settings: { ...settings, constraints: [{ kind: 'nope', tolerance: 1 }] },
    });
    expect(bad.ok === false && bad.error.code).toBe('invalid-payload');
  });

  it('reports the backend probe, and retries a probe that failed', async () => {
    let calls = 0;
    const local = createTrainingDomain(services, {
      engine,
      prepare: async (config) => preparedTask(config),
      probeBackends: async () => {
        calls++;
        if (calls === 1) throw new Error('worker crashed');
        return { backends: [{ name: 'webgpu', available: false, detail: 'no adapter' }], auto: 'wasm', notes: [] };
      },
    });
    const d = createDispatcher(local.handlers as unknown as HandlerMap, { log: services.log, validateResponses: true });
    const first = await d('training:backends', {}, ctx);
    expect(first.ok === false && first.error).toMatchObject({
      code: 'backend-unavailable',
      message: 'Backend probe failed: worker crashed',
    });
    const second = await d('training:backends', {}, ctx);
    expect(second.ok && second.data).toMatchObject({ auto: 'wasm' });
    await d('training:backends', {}, ctx);
    expect(calls).toBe(2);
  });

  it('serves defaults, saves settings into the draft, and reports data issues by field', async () => {
    const empty = await services.projects.create('empty');
    const setup = await call('training:setup', { projectId: empty.id });
    expect(setup.ok).toBe(true);
    if (!setup.ok) return;
    const data = setup.data as { settings: { solver: { name: string } }; dataIssues: string[] };
    expect(data.settings.solver.name).toBe('ssl-alm');
    expect(data.dataIssues.some((i) => i.startsWith('data'))).toBe(true);

    const id = await projectWithDraft();
    const settings = { ...data.settings, runs: 3, solver: { name: 'sgd', batchSize: 16, params: { lr: 0.01 } } };
    expect((await call('training:save-settings', { projectId: id, settings })).ok).toBe(true);
    const draft = (await services.projects.get(id)).task!;
    expect(draft['runs']).toBe(3);
    expect(draft['data']).toBeDefined();
    const again = await call('training:setup', { projectId: id });
    expect(again.ok && (again.data as { dataIssues: string[]; settings: { runs: number } })).toMatchObject({
      dataIssues: [],
      settings: { runs: 3 },
    });
  });

  it('refuses to start an invalid task, naming the field, and queues nothing', async () => {
    const id = await projectWithDraft();
    await services.projects.update(id, (p) => {
      p.task = { ...p.task, solver: { name: 'ssl-alm', batchSize: 8, params: { rho: -1 } } };
    });
    const result = await call('training:start', { projectId: id });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid-config');
    expect(result.error.message).toContain('solver.params.rho: out of range, rho=-1');
    expect((await services.projects.get(id)).jobs).toEqual([]);
  });

  it('expands a sweep into queued jobs, lists them, and serves history and model choice', async () => {
    const id = await projectWithDraft();
    const start = await call('training:start', {
      projectId: id,
      sweep: { solvers: ['sgd', 'ssl-alm'], tolerances: [0.01, 0.1] },
    });
    expect(start.ok).toBe(true);
    const jobIds = start.ok ? (start.data as { jobIds: string[] }).jobIds : [];
    expect(jobIds).toHaveLength(4);
    const list = await call('training:list', { projectId: id });
    const jobs = list.ok ? (list.data as { jobs: { label: string; status: string }[] }).jobs : [];
    expect(jobs.map((j) => j.label)).toEqual([
      'SGD · unconstrained',
      'SGD · unconstrained',
      'SSL-ALM · Loss gap ≤ 0.01',
      'SSL-ALM · Loss gap ≤ 0.1',
    ]);
    const [first] = await engine.started(1);
    await first!.finish([runResult(0)]);
    await engine.started(2);
    const history = await call('training:history', { projectId: id, jobId: jobIds[0] });
    expect(history.ok && (history.data as { runs: unknown[] }).runs).toHaveLength(1);
    const model = await call('training:set-model', { projectId: id, run: `${jobIds[0]}/0` });
    expect(model).toEqual({ ok: true, data: { modelRun: `${jobIds[0]}/0` } });
    const wrong = await call('training:set-model', { projectId: id, run: '../etc/0' });
    expect(wrong.ok).toBe(false);
    for (const jobId of jobIds.slice(1))
      expect((await call('training:cancel', { projectId: id, jobId })).ok).toBe(true);
    await engine.jobs[1]!.finish([runResult(0, 'cancelled')]);
    await domain.manager.whenIdle();
    expect((await services.projects.get(id)).jobs.map((r) => r.status)).toEqual([
      'completed',
      'cancelled',
      'cancelled',
      'cancelled',
    ]);
  });

  it('gives the gaps of the newest unconstrained job as the reference', async () => {
    const id = await projectWithDraft();
    const settings = { ...testConfig(), solver: { name: 'sgd', batchSize: 8, params: {} } };
    await services.projects.update(id, (p) => {
      p.task = { ...p.task, solver: settings.solver };
    });
    const start = await call('training:start', { projectId: id });
    expect(start.ok).toBe(true);
    const [job] = await engine.started(1);
    await job!.finish([runResult(0)]);
    await domain.manager.whenIdle();
    const setup = await call('training:setup', { projectId: id });
    const reference = setup.ok
      ? (setup.data as { reference: { gaps: { kind: string; topology: string; value: number }[] } }).reference
      : null;
    const lossGap = reference?.gaps.find((g) => g.kind === 'loss-gap' && g.topology === 'pairwise');
    expect(lossGap?.value).toBeCloseTo(0.006);
  });
});
