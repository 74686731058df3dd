import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../../../main/core/compose.js';
import { importIntoProject } from '../../../../main/core/data/handlers.js';
import { prepareTask } from '../../../../main/core/data/prepare.js';
import { createInProcessEngineHost } from '../../../../main/core/engine/in-process-host.js';
import { createLogger } from '../../../../main/core/log/logger.js';
import type { Services } from '../../../../main/core/services.js';
import { createTrainingDomain, type TrainingDomain } from '../../../../main/core/training/handlers.js';
import type { EventPayload } from '../../../../shared/ipc/contract.js';
import { sampleCsv } from '../../../helpers/paths.js';

let dir: string;
let services: Services;
let domain: TrainingDomain;
const progress: EventPayload<'training:progress'>[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'fb-train-int-'));
  const composed = createServices({
    dataDir: dir,
    resourcesDir: dir,
    transport: 'http',
    appVersion: 'test',
    log: createLogger({ quiet: true }),
  });
  services = composed.services;
  composed.events.subscribe((event, payload) => {
    if (event === 'training:progress') progress.push(payload as EventPayload<'training:progress'>);
  });
  domain = createTrainingDomain(services, {
    engine: createInProcessEngineHost({ evaluationInterval: 0.2, progressIntervalMs: 50 }),
    prepare: (config, signal) => prepareTask(config, { signal }),
    probeBackends: async () => ({ backends: [], auto: 'cpu', notes: [] }),
  });
});
afterAll(async () => {
  await domain.manager.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('job manager with the real engine and data preparation', () => {
  it('trains SGD and SSL-ALM on the sample for a short budget, records both and serves their history', async () => {
    const project = await services.projects.create('integration');
    await importIntoProject(services, project.id, { path: sampleCsv, name: 'ACSIncome-OK-2018.csv', sample: true });
    const settings = await domain.handlers['training:setup'](
      { projectId: project.id },
      { transport: 'http', senderId: 't' },
    );
    expect(settings.dataIssues).toEqual([]);
    await domain.handlers['training:save-settings'](
      {
        projectId: project.id,
        settings: { ...settings.settings, budget: { iterations: 60 }, model: { hidden: [8] }, backend: 'cpu' },
      },
      { transport: 'http', senderId: 't' },
    );
    const { jobIds } = await domain.handlers['training:start'](
      { projectId: project.id, sweep: { solvers: ['sgd', 'ssl-alm'] } },
      { transport: 'http', senderId: 't' },
    );
    await domain.manager.whenIdle();

    const records = (await services.projects.get(project.id)).jobs;
    expect(records.map((r) => [r.id, r.status])).toEqual(jobIds.map((id) => [id, 'completed']));
    const jobs = await domain.manager.list(project.id);
    for (const job of jobs) {
      const run = job.summary?.runs[0];
      expect(run?.iterations).toBe(60);
      expect(run?.test.constraintCount).toBe(1);
      expect(run?.test.accuracy).toBeGreaterThan(0.5);
      const history = await domain.manager.history(project.id, job.id, 50);
      expect(history.runs[0]?.points.length).toBeGreaterThan(0);
      expect(history.runs[0]?.points.length).toBeLessThanOrEqual(50);
      expect(history.runs[0]?.evaluations.length).toBeGreaterThan(0);
    }
    expect(jobs.map((j) => j.summary?.runs[0]?.solver)).toEqual(['sgd', 'ssl-alm']);
    // Progress passed the contract's event schema (the hub drops invalid events) with consecutive seq per job.
    for (const jobId of jobIds) {
      const seqs = progress.filter((p) => p.jobId === jobId).map((p) => p.seq);
      expect(seqs.length).toBeGreaterThan(0);
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    }
  });
});
