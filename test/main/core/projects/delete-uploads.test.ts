import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { uploadsDir } from '../../../../main/core/uploads/upload-store.js';
import { dispatcherHost, tempDir } from '../data/helpers.js';

const tmp = await tempDir('fairbound-delete-');
afterAll(() => tmp.remove());
const { call, finished } = dispatcherHost(tmp.dir);

async function uploadedProject(uploadId: string): Promise<{ id: string; file: string }> {
  const dir = path.join(uploadsDir(tmp.dir), uploadId);
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, 'people.csv');
  await writeFile(
    file,
    `age,sex,y\n${Array.from({ length: 50 }, (_, i) => `${20 + i},${i % 2 ? 'M' : 'F'},${i % 3 ? 'no' : 'yes'}`).join('\n')}\n`,
  );
  const project = await call<{ id: string }>('projects:create', { name: 'Uploaded' });
  const { jobId } = await call<{ jobId: string }>('datasets:import', {
    projectId: project.id,
    source: { kind: 'path', path: file },
  });
  expect(await finished(jobId)).toMatchObject({ ok: true });
  return { id: project.id, file };
}

describe('deleting a project', () => {
  it('removes the uploaded file it was imported from', async () => {
    const { id, file } = await uploadedProject('0b5e6c1e-1111-4222-8333-944455556666');
    await call('projects:delete', { id });
    expect(existsSync(path.dirname(file))).toBe(false);
  });

  it('keeps the upload while a duplicate of the project still uses it, and removes it with the last one', async () => {
    const { id, file } = await uploadedProject('0b5e6c1e-2222-4222-8333-944455556666');
    const copy = await call<{ id: string }>('projects:duplicate', { id });
    await call('projects:delete', { id });
    expect(existsSync(file)).toBe(true);
    await call('projects:delete', { id: copy.id });
    expect(existsSync(path.dirname(file))).toBe(false);
  });
});
