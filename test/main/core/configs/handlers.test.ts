import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../../../main/core/compose.js';
import { configsHandlers } from '../../../../main/core/configs/handlers.js';
import type { HandlerContext } from '../../../../main/core/ipc/handler-types.js';
import type { Services } from '../../../../main/core/services.js';
import { paperTaskConfig, taskConfigSchema } from '../../../../shared/config/task-config.js';
import { FairboundError } from '../../../../shared/errors.js';
import { repoRoot, sampleCsv } from '../../../helpers/paths.js';

const ctx: HandlerContext = { transport: 'http', senderId: 'test' };

let dir: string;
let services: Services;
let handlers: ReturnType<typeof configsHandlers>;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'fairbound-configs-'));
  services = createServices({
    dataDir: path.join(dir, 'data'),
    resourcesDir: path.join(repoRoot, 'resources'),
    transport: 'http',
    appVersion: '0.0.0-test',
  }).services;
  handlers = configsHandlers(services);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function expectError(promise: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FairboundError);
  expect((error as FairboundError).code).toBe(code);
  expect((error as FairboundError).message).toMatch(message);
}

describe('configs handlers', () => {
  it('imports a config file (data.path relative to it) as a project and exports it back unchanged', async () => {
    const configDir = path.join(dir, 'configs');
    await mkdir(configDir, { recursive: true });
    const config = { ...paperTaskConfig(path.relative(configDir, sampleCsv)), runs: 2, budget: { seconds: 3 } };
    const file = path.join(configDir, 'paper.task.json');
    await writeFile(file, JSON.stringify(config));

    const imported = await handlers['configs:import']({ path: file }, ctx);
    const project = await services.projects.get(imported.projectId);
    expect(project.name).toBe(config.name);
    expect(project.dataset?.rows).toBe(17_917);
    expect(project.dataset?.sourcePath).toBe(sampleCsv);

    const exported = await handlers['configs:export']({ projectId: imported.projectId }, ctx);
    expect(exported.warnings).toEqual([]);
    expect(exported.fileName).toMatch(/^acsincome-ok-white-vs-non-white.*\.task\.json$/);
    const roundTrip = taskConfigSchema.parse(JSON.parse(exported.json));
    expect(roundTrip).toEqual({
      ...taskConfigSchema.parse(config),
      data: { ...taskConfigSchema.parse(config).data, path: sampleCsv, format: 'csv' },
    });
  });

  it('imports config text whose data file is picked separately', async () => {
    const json = JSON.stringify({ ...paperTaskConfig('somewhere/else.csv'), name: 'picked data' });
    await expectError(
      handlers['configs:import']({ json }, ctx),
      'invalid-config',
      /^data\.path: "somewhere\/else\.csv" is relative/,
    );
    const imported = await handlers['configs:import']({ json, data: { kind: 'path', path: sampleCsv } }, ctx);
    const project = await services.projects.get(imported.projectId);
    expect(project.task?.['data']).toMatchObject({ path: sampleCsv });
  });

  it('names the offending field of an invalid config and creates no project', async () => {
    const before = (await services.projects.list()).length;
    const json = JSON.stringify({ ...paperTaskConfig(sampleCsv), solver: { name: 'ssl-alm', params: { tua: 1 } } });
    await expectError(
      handlers['configs:import']({ json }, ctx),
      'invalid-config',
      /solver\.params\.tua: unknown parameter/,
    );
    await expectError(handlers['configs:import']({ json: '{"data": ' }, ctx), 'invalid-config', /not valid JSON/);
    expect((await services.projects.list()).length).toBe(before);
  });

  it('removes the half-made project when the dataset cannot be imported', async () => {
    const before = (await services.projects.list()).length;
    const json = JSON.stringify(paperTaskConfig(path.join(dir, 'missing.csv')));
    const error = await handlers['configs:import']({ json }, ctx).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FairboundError);
    expect((error as FairboundError).message).toContain('missing.csv');
    expect((await services.projects.list()).length).toBe(before);
  });

  it('exports a project set up in the Data tab only with the train settings its Train tab shows', async () => {
    const imported = await handlers['configs:import']({ json: JSON.stringify(paperTaskConfig(sampleCsv)) }, ctx);
    await services.projects.update(imported.projectId, (p) => {
      const { data, split, groups } = p.task as Record<string, unknown>;
      p.task = { data, split, groups };
    });
    const exported = await handlers['configs:export']({ projectId: imported.projectId }, ctx);
    const config = taskConfigSchema.parse(JSON.parse(exported.json));
    expect(config.solver.name).toBe('ssl-alm');
    expect(config.budget).toEqual({ seconds: 30 });
    expect(config.constraints).toEqual([{ kind: 'loss-gap', topology: 'pairwise', tolerance: 0.005 }]);
  });

  it('refuses to export a project without a task', async () => {
    const project = await services.projects.create('empty');
    await expectError(
      handlers['configs:export']({ projectId: project.id }, ctx),
      'invalid-config',
      /has no dataset yet/,
    );
  });
});
