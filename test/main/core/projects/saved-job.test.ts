import { mkdtempSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JobSummary } from '../../../../shared/ipc/channels/training.js';
import type { JobRecord } from '../../../../shared/project.js';
import { FsProjectRepository } from '../../../../main/core/projects/fs-repository.js';
import { readSavedJob } from '../../../../main/core/projects/saved-job.js';

const goodConfig = {
  data: { path: 'data.csv', label: { column: 'y', positive: ['1'] } },
  split: { test: 0.2 },
  groups: { attributes: [{ column: 'g' }] },
  constraints: [{ kind: 'loss-gap', topology: 'pairwise', tolerance: 0.05 }],
  model: { hidden: [8] },
  solver: { name: 'ssl-alm', batchSize: 8 },
  budget: { seconds: 5 },
  runs: 2,
};

/** A config as a future version might save it: a solver this version does not know and a field it has never seen. */
const foreignConfig = {
  ...goodConfig,
  solver: { name: 'adam-2030', batchSize: 8, warmRestarts: 3 },
  curriculum: { stages: [0.1, 0.5, 1] },
};

const goodSummary: JobSummary = {
  backend: 'cpu',
  device: 'test CPU',
  groupNames: ['a', 'b'],
  constraintNames: ['loss gap a/b'],
  runs: [],
  aggregate: null,
};

function job(id: string, config: unknown, summary: Record<string, unknown> | null): JobRecord {
  return { id, label: `job ${id}`, createdAt: '2026-11-30T10:00:00.000Z', status: 'completed', config, summary };
}

describe('readSavedJob', () => {
  it('gives the typed config and summary of a job this version wrote, with no problem', () => {
    const view = readSavedJob(job('a', goodConfig, goodSummary));
    expect(view.settings?.solver.name).toBe('ssl-alm');
    expect(view.settings?.runs).toBe(2);
    expect(view.summary).toEqual(goodSummary);
    expect(view.configProblem).toBeUndefined();
    expect(view.summaryProblem).toBeUndefined();
    expect(view).not.toHaveProperty('config');
  });

  it('names what it cannot read of a config from another version instead of failing', () => {
    const view = readSavedJob(job('b', foreignConfig, { ...goodSummary, runs: 'not a list' }));
    expect(view.settings).toBeNull();
    expect(view.configProblem).toMatch(/task config was saved in a form this version cannot read/);
    expect(view.configProblem).toContain('"curriculum"');
    expect(view.configProblem).toContain('solver.name');
    expect(view.summary).toBeNull();
    expect(view.summaryProblem).toMatch(/results summary/);
    expect(view.summaryProblem).toContain('runs: ');
  });

  it('treats a summary not yet written as absent, not as a problem', () => {
    const view = readSavedJob(job('c', goodConfig, null));
    expect(view.summary).toBeNull();
    expect(view.summaryProblem).toBeUndefined();
  });
});

describe('a project holding a job from an incompatible version', () => {
  it('loads, reports the problem, and keeps the saved config and summary as written through a save', async () => {
    const root = path.join(mkdtempSync(path.join(os.tmpdir(), 'fairbound-saved-job-')), 'projects');
    const repo = new FsProjectRepository(root);
    const { id } = await repo.create('Mixed versions');
    const file = path.join(repo.dir(id), 'project.json');
    const foreignSummary = { backend: 'cpu', runs: 'not a list', futureFigure: 1.5 };
    const written = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    written.jobs = [job('old', foreignConfig, foreignSummary), job('new', goodConfig, goodSummary)];
    await writeFile(file, `${JSON.stringify(written, null, 2)}\n`);
    const savedForeignJob = JSON.stringify((written.jobs as unknown[])[0]);

    const loaded = await repo.get(id);
    const [old, current] = loaded.jobs.map(readSavedJob);
    expect(old?.settings).toBeNull();
    expect(old?.configProblem).toContain('"curriculum"');
    expect(old?.summaryProblem).toBeDefined();
    expect(current?.settings?.solver.name).toBe('ssl-alm');
    expect(current?.configProblem).toBeUndefined();

    await repo.rename(id, 'Renamed');
    const after = JSON.parse(await readFile(file, 'utf8')) as { name: string; jobs: unknown[] };
    expect(after.name).toBe('Renamed');
    // Same keys, same order, same values: the record this version cannot read is written back exactly as read.
    expect(JSON.stringify(after.jobs[0])).toBe(savedForeignJob);
  });
});
