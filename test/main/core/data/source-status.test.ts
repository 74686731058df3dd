import { createHash } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SourceCheck } from '../../../../shared/ipc/channels/datasets.js';
import type { DatasetRef } from '../../../../shared/project.js';
import { dispatcherHost, tempDir } from './helpers.js';

const tmp = await tempDir();
afterAll(() => tmp.remove());

const { call, finished } = dispatcherHost(tmp.dir);

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const rows = (n: number) =>
  [
    'id,sex,age,income',
    ...Array.from(
      { length: n },
      (_, i) => `${i},${i % 2 ? 'male' : 'female'},${20 + (i % 40)},${i % 3 ? 'low' : 'high'}`,
    ),
  ].join('\n') + '\n';

describe('source status and re-import through the dispatcher', () => {
  it('modified → changed; an invalid file re-imports to an error and changes nothing; a valid one updates the hash; deleted → missing', async () => {
    const { id: projectId } = await call<{ id: string }>('projects:create', { name: 'Source' });
    const original = rows(60);
    const file = await tmp.write('people.csv', original);
    expect(
      await finished(
        (await call<{ jobId: string }>('datasets:import', { projectId, source: { kind: 'path', path: file } })).jobId,
      ),
    ).toMatchObject({ ok: true });
    const status = () => call<SourceCheck>('datasets:source-status', { projectId });
    const dataset = async () => (await call<{ dataset: DatasetRef }>('projects:get', { id: projectId })).dataset;
    const imported = await dataset();
    expect(imported.sha256).toBe(sha256(original));
    expect(await status()).toMatchObject({
      status: 'unchanged',
      path: file,
      imported: { sha256: imported.sha256, bytes: original.length },
    });

    const edited = rows(75);
    await writeFile(file, edited);
    expect(await status()).toMatchObject({
      status: 'changed',
      mismatches: expect.arrayContaining(['size']),
      current: { bytes: edited.length },
    });
    // Working data is still the imported version.
    expect((await call<{ rows: number }>('datasets:summary', { projectId })).rows).toBe(60);

    // A broken file: the re-import fails with the import's own validation error; dataset, draft and cache stay.
    const task = (await call<{ task: unknown }>('projects:get', { id: projectId })).task;
    await writeFile(file, 'id,sex,age,income\n1,male,30,low\n2,female\n');
    const failed = await finished((await call<{ jobId: string }>('datasets:reimport', { projectId })).jobId);
    expect(failed).toMatchObject({ ok: false, error: { code: 'dataset-malformed' } });
    expect(await dataset()).toEqual(imported);
    expect((await call<{ task: unknown }>('projects:get', { id: projectId })).task).toEqual(task);
    expect((await call<{ rows: number }>('datasets:summary', { projectId })).rows).toBe(60);
    expect((await status()).status).toBe('changed');

    await writeFile(file, edited);
    const done = await finished((await call<{ jobId: string }>('datasets:reimport', { projectId })).jobId);
    expect(done).toMatchObject({ ok: true, dataset: { sha256: sha256(edited), rows: 75, sourcePath: file } });
    expect((await dataset()).sha256).toBe(sha256(edited));
    expect((await call<{ rows: number }>('datasets:summary', { projectId })).rows).toBe(75);
    // Same columns: the task draft is kept.
    expect((await call<{ task: unknown }>('projects:get', { id: projectId })).task).toEqual(task);
    expect(await status()).toMatchObject({ status: 'unchanged', mismatches: [] });

    await rm(file);
    expect(await status()).toMatchObject({ status: 'missing', current: null, imported: { sha256: sha256(edited) } });
    const gone = await finished((await call<{ jobId: string }>('datasets:reimport', { projectId })).jobId);
    expect(gone).toMatchObject({ ok: false, error: { code: 'dataset-unreadable' } });
    expect((await dataset()).sha256).toBe(sha256(edited));
  });

  it('an uploaded copy is not compared and cannot be re-imported from its source', async () => {
    const { id: projectId } = await call<{ id: string }>('projects:create', { name: 'Uploaded' });
    const dir = path.join(tmp.dir, 'uploads', 'upload-1');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'people.csv'), rows(40));
    const { jobId } = await call<{ jobId: string }>('datasets:import', {
      projectId,
      source: { kind: 'upload', uploadId: 'upload-1' },
    });
    expect(await finished(jobId)).toMatchObject({ ok: true });
    expect(await call<SourceCheck>('datasets:source-status', { projectId })).toMatchObject({
      status: 'uploaded',
      current: null,
    });
    await expect(call('datasets:reimport', { projectId })).rejects.toMatchObject({
      code: 'dataset-unreadable',
      message: /drop the file again/,
    });
  });

  it('asks for a dataset first', async () => {
    const { id: projectId } = await call<{ id: string }>('projects:create', { name: 'Empty' });
    await expect(call('datasets:source-status', { projectId })).rejects.toMatchObject({ code: 'not-found' });
    await expect(call('datasets:reimport', { projectId })).rejects.toMatchObject({ code: 'not-found' });
  });
});
