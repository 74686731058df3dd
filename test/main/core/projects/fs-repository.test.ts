import { mkdtempSync, promises } from 'node:fs';
import { mkdir, readFile, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { FairboundError } from '../../../../shared/errors.js';
import { PROJECT_SCHEMA_VERSION, projectSchema } from '../../../../shared/project.js';
import { FsProjectRepository } from '../../../../main/core/projects/fs-repository.js';

function freshRepo(hooks = {}) {
  const root = path.join(mkdtempSync(path.join(os.tmpdir(), 'fairbound-repo-')), 'projects');
  return { root, repo: new FsProjectRepository(root, hooks) };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    return error instanceof FairboundError ? error.code : `other: ${String(error)}`;
  }
}

describe('FsProjectRepository', () => {
  it('creates, lists, renames, duplicates and removes projects as folders', async () => {
    const changes: [string, boolean][] = [];
    const { root, repo } = freshRepo({ onChange: (id: string, p: unknown) => changes.push([id, p === null]) });
    expect(await repo.list()).toEqual([]);
    const a = await repo.create('Alpha');
    expect(await readdir(repo.dir(a.id))).toEqual(
      expect.arrayContaining(['project.json', 'datasets', 'runs', 'reports']),
    );
    await writeFile(path.join(repo.dir(a.id), 'datasets', 'cache.bin'), 'cached');
    const renamed = await repo.rename(a.id, 'Alpha 2');
    expect(renamed.name).toBe('Alpha 2');
    expect(renamed.modifiedAt >= a.modifiedAt).toBe(true);

    const copy = await repo.duplicate(a.id);
    expect(copy).toMatchObject({ name: 'Alpha 2 (copy)', dataset: null });
    expect(copy.id).not.toBe(a.id);
    expect(await readFile(path.join(repo.dir(copy.id), 'datasets', 'cache.bin'), 'utf8')).toBe('cached');
    expect((await repo.get(copy.id)).id).toBe(copy.id);

    const names = (await repo.list()).map((s) => (s.status === 'ok' ? s.name : '?')).sort();
    expect(names).toEqual(['Alpha 2', 'Alpha 2 (copy)']);
    await repo.remove(copy.id);
    expect(await codeOf(repo.get(copy.id))).toBe('not-found');
    expect(await codeOf(repo.remove(copy.id))).toBe('not-found');
    expect((await readdir(root)).filter((n) => n.startsWith('.'))).toEqual([]);
    expect(changes).toContainEqual([copy.id, true]);
    expect(changes.filter(([id]) => id === a.id).length).toBe(2);
  });

  it('refuses ids that could escape the projects folder', async () => {
    const { repo } = freshRepo();
    for (const id of ['../x', '..', 'a/b', 'A', '']) expect(await codeOf(repo.get(id))).toBe('not-found');
  });

  it('reports a damaged project with its reason, keeps the file, and lists the others', async () => {
    const { repo } = freshRepo({ nameHint: (id: string) => (id.length > 0 ? 'Remembered' : undefined) });
    const good = await repo.create('Good');
    const bad = await repo.create('Bad');
    const wrongShape = await repo.create('Shape');
    const badFile = path.join(repo.dir(bad.id), 'project.json');
    await writeFile(badFile, '{ truncated');
    await writeFile(
      path.join(repo.dir(wrongShape.id), 'project.json'),
      JSON.stringify({ schemaVersion: 1, id: wrongShape.id, name: 7 }),
    );

    const list = await repo.list();
    expect(list.find((s) => s.id === good.id)).toMatchObject({ status: 'ok', name: 'Good' });
    expect(list.find((s) => s.id === bad.id)).toMatchObject({
      status: 'damaged',
      name: 'Remembered',
      error: expect.stringContaining('not valid JSON'),
    });
    expect(list.find((s) => s.id === wrongShape.id)).toMatchObject({
      status: 'damaged',
      error: expect.stringContaining('does not match the schema'),
    });
    expect(await codeOf(repo.rename(bad.id, 'x'))).toBe('project-damaged');
    expect(await readFile(badFile, 'utf8')).toBe('{ truncated');
    await repo.remove(bad.id);
    expect((await repo.list()).map((s) => s.id)).not.toContain(bad.id);
  });

  it('refuses project.json from a newer version without touching it', async () => {
    const { repo } = freshRepo();
    const p = await repo.create('Future');
    const file = path.join(repo.dir(p.id), 'project.json');
    const future = JSON.stringify({ ...p, schemaVersion: PROJECT_SCHEMA_VERSION + 1 });
    await writeFile(file, future);
    await expect(repo.get(p.id)).rejects.toThrow(/newer Fairbound/);
    expect(await readFile(file, 'utf8')).toBe(future);
  });

  it('migrates an unversioned (v0) project.json, keeping the original beside it', async () => {
    const { root, repo } = freshRepo();
    const id = 'legacy-project';
    await mkdir(path.join(root, id), { recursive: true });
    const v0 = {
      id,
      name: 'Legacy',
      createdAt: '2025-01-01T00:00:00.000Z',
      modifiedAt: '2025-01-02T00:00:00.000Z',
      dataset: null,
    };
    await writeFile(path.join(root, id, 'project.json'), JSON.stringify(v0));
    const migrated = await repo.get(id);
    expect(migrated).toMatchObject({ schemaVersion: 2, name: 'Legacy', task: null, jobs: [], modelRun: null });
    const onDisk = projectSchema.parse(JSON.parse(await readFile(path.join(root, id, 'project.json'), 'utf8')));
    expect(onDisk.schemaVersion).toBe(PROJECT_SCHEMA_VERSION);
    expect(JSON.parse(await readFile(path.join(root, id, 'project.v0.json'), 'utf8'))).toEqual(v0);
  });

  it('reads a version-1 project.json, whose job list was called "runs", as jobs and keeps the original beside it', async () => {
    const { root, repo } = freshRepo();
    const id = 'v1-project';
    await mkdir(path.join(root, id), { recursive: true });
    const job = {
      id: 'job-1',
      label: 'SSL-ALM',
      createdAt: '2026-01-01T00:00:00.000Z',
      status: 'completed',
      config: { solver: { kind: 'ssl-alm' } },
      summary: { runs: [] },
      constraintNames: ['dp'],
    };
    const v1 = {
      schemaVersion: 1,
      id,
      name: 'Older',
      createdAt: '2026-01-01T00:00:00.000Z',
      modifiedAt: '2026-01-02T00:00:00.000Z',
      dataset: null,
      task: null,
      runs: [job],
      modelRun: 'job-1/0',
    };
    await writeFile(path.join(root, id, 'project.json'), JSON.stringify(v1));
    const migrated = await repo.get(id);
    expect(migrated.schemaVersion).toBe(2);
    expect(migrated.jobs).toEqual([job]);
    expect(migrated).not.toHaveProperty('runs');
    expect(migrated.modelRun).toBe('job-1/0');
    const onDisk = JSON.parse(await readFile(path.join(root, id, 'project.json'), 'utf8')) as Record<string, unknown>;
    expect(onDisk['jobs']).toEqual([job]);
    expect(onDisk).not.toHaveProperty('runs');
    expect(JSON.parse(await readFile(path.join(root, id, 'project.v1.json'), 'utf8'))).toEqual(v1);
    expect((await repo.list()).find((s) => s.id === id)).toMatchObject({ status: 'ok', lastJobStatus: 'completed' });
  });

  it('reads a project.json without report details, keeps them once saved, and copies them with the project', async () => {
    const { repo } = freshRepo();
    const p = await repo.create('Details');
    const file = path.join(repo.dir(p.id), 'project.json');
    // A file written before report details were kept: same schema version, no field.
    expect(JSON.parse(await readFile(file, 'utf8'))).not.toHaveProperty('reportContext');
    expect((await repo.get(p.id)).reportContext).toBeUndefined();
    await repo.update(p.id, (project) => {
      project.reportContext = { author: 'Ada', decision: 'loans' };
    });
    expect((await repo.get(p.id)).reportContext).toEqual({ author: 'Ada', decision: 'loans' });
    expect((await repo.get((await repo.duplicate(p.id)).id)).reportContext).toEqual({
      author: 'Ada',
      decision: 'loans',
    });
    // A field a newer version may add does not make the project unreadable.
    const onDisk = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    await writeFile(file, JSON.stringify({ ...onDisk, reportContext: { author: 'Ada', reviewer: 'Bob' } }));
    expect((await repo.get(p.id)).reportContext).toEqual({ author: 'Ada' });
  });

  it('sweeps leftovers of interrupted duplicates, removals and atomic writes, and nothing else', async () => {
    const { root, repo } = freshRepo();
    const keep = await repo.create('Keep');
    await mkdir(path.join(root, '.staging-abc', 'datasets'), { recursive: true });
    await mkdir(path.join(root, '.trash-old-1'), { recursive: true });
    await writeFile(path.join(repo.dir(keep.id), '.project.json.123.abcdef.tmp'), 'partial');
    await writeFile(path.join(repo.dir(keep.id), 'datasets', 'data.tmp'), 'user data');
    const old = new Date(Date.now() - 3_600_000);
    for (const leftover of [
      path.join(root, '.staging-abc'),
      path.join(root, '.trash-old-1'),
      path.join(repo.dir(keep.id), '.project.json.123.abcdef.tmp'),
    ]) {
      await utimes(leftover, old, old);
    }
    await writeFile(path.join(repo.dir(keep.id), '.project.json.999.fresh.tmp'), 'in flight');
    const removed = await repo.sweep();
    expect(removed).toHaveLength(3);
    await rm(path.join(repo.dir(keep.id), '.project.json.999.fresh.tmp'));
    expect((await readdir(root)).sort()).toEqual([keep.id]);
    expect((await readdir(repo.dir(keep.id))).sort()).toEqual(['datasets', 'project.json', 'reports', 'runs']);
    expect(await readdir(path.join(repo.dir(keep.id), 'datasets'))).toEqual(['data.tmp']);
    expect((await repo.get(keep.id)).name).toBe('Keep');
  });

  it("sweeps import and cache-metadata temp files inside a project's datasets folder", async () => {
    const { repo } = freshRepo();
    const keep = await repo.create('Keep');
    const datasets = path.join(repo.dir(keep.id), 'datasets');
    const leftovers = [
      path.join(datasets, '.import-0b1c2d3e-1111-4222-8333-944455556666.parquet.tmp'),
      path.join(datasets, `${'a'.repeat(64)}.json.0b1c2d3e-1111-4222-8333-944455556666.tmp`),
    ];
    for (const file of leftovers) await writeFile(file, 'partial');
    const old = new Date(Date.now() - 3_600_000);
    for (const file of leftovers) await utimes(file, old, old);
    expect((await repo.sweep()).sort()).toEqual([...leftovers].sort());
    expect(await readdir(datasets)).toEqual([]);
  });

  it("with no age limit (the folder's only live process), sweeps everything older than the moment it opened the folder", async () => {
    const { root, repo } = freshRepo();
    const keep = await repo.create('Keep');
    await mkdir(path.join(root, '.staging-crashed'), { recursive: true });
    await writeFile(path.join(repo.dir(keep.id), 'datasets', '.import-x.parquet.tmp'), 'partial');
    const openedAt = Date.now() + 1000;
    expect(await repo.sweep(0, openedAt)).toHaveLength(2);
    await mkdir(path.join(root, '.staging-in-flight'), { recursive: true });
    expect(await repo.sweep(0, Date.now() - 60_000)).toEqual([]);
    // Created just after the folder was opened, stamped by a file clock that runs a few milliseconds behind.
    const openedJustNow = Date.now();
    const justCreated = path.join(root, '.staging-just-created');
    await mkdir(justCreated);
    await utimes(justCreated, new Date(openedJustNow - 20), new Date(openedJustNow - 20));
    expect(await repo.sweep(0, openedJustNow)).toEqual([]);
  });

  it('creates a project in a staging folder: a failure half-way leaves no project, damaged or otherwise', async () => {
    const { root, repo } = freshRepo();
    const rename = vi
      .spyOn(promises, 'rename')
      .mockRejectedValueOnce(Object.assign(new Error('disk full'), { code: 'ENOSPC' }));
    await expect(repo.create('Half')).rejects.toThrow(/disk full/);
    rename.mockRestore();
    expect(await repo.list()).toEqual([]);
    expect(await readdir(root)).toEqual([]);
    const created = await repo.create('Whole');
    expect((await repo.list()).map((p) => [p.status, p.id])).toEqual([['ok', created.id]]);
  });

  it('reads a project.json saved with a UTF-8 byte-order mark', async () => {
    const { repo } = freshRepo();
    const created = await repo.create('Bom');
    const file = path.join(repo.dir(created.id), 'project.json');
    await writeFile(file, `\uFEFF${await readFile(file, 'utf8')}`);
    expect((await repo.list()).map((p) => [p.status, p.name])).toEqual([['ok', 'Bom']]);
  });

  it('serialises concurrent updates to one project (no lost writes)', async () => {
    const { repo } = freshRepo();
    const p = await repo.create('Counter');
    await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        repo.update(p.id, (project) => {
          project.task = { ...(project.task ?? {}), [`k${i}`]: i };
        }),
      ),
    );
    expect(Object.keys((await repo.get(p.id)).task ?? {})).toHaveLength(25);
  });

  it('rejects updates that break the schema or change the id', async () => {
    const { repo } = freshRepo();
    const p = await repo.create('Strict');
    await expect(repo.update(p.id, (project) => ({ ...project, name: '' }))).rejects.toThrow();
    expect(await codeOf(repo.update(p.id, (project) => ({ ...project, id: 'other' })))).toBe('conflict');
    expect((await repo.get(p.id)).name).toBe('Strict');
  });
});
