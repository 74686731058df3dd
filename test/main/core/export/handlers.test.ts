import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelCardSchema } from '../../../../shared/model-card.js';
import { modelsHandlers } from '../../../../main/core/export/handlers.js';
import { createDispatcher } from '../../../../main/core/ipc/dispatcher.js';
import type { HandlerMap } from '../../../../main/core/ipc/handler-types.js';
import type { Services } from '../../../../main/core/services.js';
import { sampleCsv } from '../../../helpers/paths.js';
import { projectWithTrainedJob } from '../../../helpers/trained-project.js';

describe('models handlers', () => {
  let dataDir: string;
  let services: Services;
  let projectId: string;
  let dispatch: ReturnType<typeof createDispatcher>;
  const ctx = { transport: 'http' as const, senderId: 'test' };

  beforeAll(async () => {
    ({ dataDir, services, projectId } = await projectWithTrainedJob('models', (p) => {
      p.reportContext = { decision: 'screening applications for a benefit' };
    }));
    dispatch = createDispatcher(modelsHandlers(services) as unknown as HandlerMap, {
      log: services.log,
      validateResponses: true,
    });
  }, 120_000);
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it("models:export writes the ONNX model and a card carrying the project's intended use into exports/", async () => {
    const r = await dispatch('models:export', { projectId, runRef: 'job-1/0' }, ctx);
    if (!r.ok) throw new Error(r.error.message);
    const exportsDir = path.join(services.projects.dir(projectId), 'exports');
    expect(path.dirname(r.data.onnxPath)).toBe(exportsDir);
    expect(r.data.onnxBytes).toBeGreaterThan(100);
    const card = modelCardSchema.parse(JSON.parse(await readFile(r.data.cardPath!, 'utf8')));
    expect(card.intendedUse.decision).toBe('screening applications for a benefit');
    expect(card.intendedUse.affected).toBeNull();
    expect(card.model.run).toBe('job-1/0');
    expect(card.data.split.test).toBe(3584);
  }, 60_000);

  it('models:score scores a file into exports/, and names an unknown job or a bad payload', async () => {
    const r = await dispatch(
      'models:score',
      { projectId, runRef: 'job-1/0', data: { kind: 'path', path: sampleCsv } },
      ctx,
    );
    if (!r.ok) throw new Error(r.error.message);
    expect(r.data).toMatchObject({ rows: 17_917, groups: true, unseen: [], notes: [] });
    const lines = (await readFile(r.data.outPath, 'utf8')).trimEnd().split('\n');
    expect(lines[0]).toBe('score,prediction,group');
    expect(lines).toHaveLength(17_918);
    const unknown = await dispatch(
      'models:score',
      { projectId, runRef: 'job-9/0', data: { kind: 'path', path: sampleCsv } },
      ctx,
    );
    expect(unknown.ok ? null : unknown.error).toMatchObject({
      code: 'not-found',
      message: expect.stringMatching(/no training job job-9/),
    });
    const bad = await dispatch('models:export', { projectId, runRef: '../../etc' }, ctx);
    expect(bad.ok ? null : bad.error.code).toBe('invalid-payload');
  }, 60_000);

  it('models:export-file serves what export and score wrote, by file name, and nothing else of the project', async () => {
    const r = await dispatch('models:export', { projectId, runRef: 'job-1/0' }, ctx);
    if (!r.ok) throw new Error(r.error.message);
    const name = path.basename(r.data.onnxPath);
    const file = await dispatch('models:export-file', { projectId, name }, ctx);
    if (!file.ok) throw new Error(file.error.message);
    expect(Buffer.from(file.data.base64, 'base64').equals(await readFile(r.data.onnxPath))).toBe(true);
    for (const outside of ['../project.json', 'project.json', `${name}/../../project.json`, 'model-x.onnx']) {
      const refused = await dispatch('models:export-file', { projectId, name: outside }, ctx);
      expect(refused.ok ? null : refused.error.code).toBe('not-found');
    }
  }, 60_000);
});
