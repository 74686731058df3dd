import { afterAll, describe, expect, it } from 'vitest';
import { MAX_BIN_EDGES, MAX_GROUP_ATTRIBUTES } from '../../../shared/config/task-config.js';
import { MAX_JSON_DEPTH, jsonDepth } from '../../../shared/ipc/json-limits.js';
import { dispatcherHost, tempDir } from '../../main/core/data/helpers.js';

const tmp = await tempDir('fairbound-limits-');
afterAll(() => tmp.remove());
const host = dispatcherHost(tmp.dir);

function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = {};
  for (let i = 1; i < depth; i++) value = { a: value };
  return value;
}

async function errorOf(channel: string, payload: unknown): Promise<{ code: string; message: string }> {
  try {
    await host.call(channel, payload);
  } catch (error) {
    return { code: (error as { code: string }).code, message: (error as Error).message };
  }
  return { code: 'ok', message: '' };
}

// 17 columns: 16 protected attributes and a label, 200 rows.
const columns = Array.from({ length: MAX_GROUP_ATTRIBUTES }, (_, i) => `a${i}`);
const rows = Array.from({ length: 200 }, (_, r) =>
  [...columns.map((_, c) => String((r >> (c % 4)) % 2)), String(r % 2)].join(','),
);
const csv = await tmp.write('wide.csv', `${[...columns, 'y'].join(',')}\n${rows.join('\n')}\n`);
const project = await host.call<{ id: string }>('projects:create', { name: 'Limits' });
const job = await host.call<{ jobId: string }>('datasets:import', {
  projectId: project.id,
  source: { kind: 'path', path: csv },
});
await host.finished(job.jobId);

describe('contract limits: what the code cannot handle is refused as invalid-payload, naming the limit', () => {
  it('counts depth without recursion, however deep', () => {
    expect(jsonDepth({})).toBe(1);
    expect(jsonDepth({ a: [1, { b: 2 }] })).toBe(3);
    expect(jsonDepth(nested(200_000), Infinity)).toBe(200_000);
  });

  it('a task draft nested 5,000 deep (was: internal error, stack overflow)', async () => {
    const error = await errorOf('projects:update-task', { id: project.id, task: nested(5_000) });
    expect(error.code).toBe('invalid-payload');
    expect(error.message).toBe(
      `Invalid request for projects:update-task: task: nested more than ${MAX_JSON_DEPTH} levels deep (the limit).`,
    );
    expect(
      (await errorOf('datasets:save-draft', { projectId: project.id, data: nested(50_000), split: {}, groups: null }))
        .code,
    ).toBe('invalid-payload');
    expect((await errorOf('projects:update-task', { id: project.id, task: nested(MAX_JSON_DEPTH) })).code).toBe('ok');
  });

  it(`more than ${MAX_GROUP_ATTRIBUTES} protected attributes (was: DuckDB's GROUPING limit as "internal"); ${MAX_GROUP_ATTRIBUTES} work`, async () => {
    const attributes = Array.from({ length: 200 }, (_, i) => ({ column: `a${i % MAX_GROUP_ATTRIBUTES}` }));
    const error = await errorOf('datasets:groups', { projectId: project.id, groups: { attributes } });
    expect(error).toEqual({
      code: 'invalid-payload',
      message: `Invalid request for datasets:groups: groups.attributes: at most ${MAX_GROUP_ATTRIBUTES} protected attributes.`,
    });
    const table = await host.call<{ groups: unknown[] }>('datasets:groups', {
      projectId: project.id,
      groups: { attributes: attributes.slice(0, MAX_GROUP_ATTRIBUTES), intersect: false },
    });
    expect(table.groups.length).toBe(2 * MAX_GROUP_ATTRIBUTES);
  });

  it(`more than ${MAX_BIN_EDGES} bin edges (was: 68 s and +390 MB for 100,000)`, async () => {
    const bins = Array.from({ length: 100_000 }, (_, i) => i);
    const error = await errorOf('datasets:groups', {
      projectId: project.id,
      groups: { attributes: [{ column: 'a0', bins }] },
    });
    expect(error.code).toBe('invalid-payload');
    expect(error.message).toMatch(new RegExp(`groups\\.attributes\\.0\\.bins: at most ${MAX_BIN_EDGES} bin edges`));
  });

  it('drops control and direction-override characters from project names', async () => {
    const created = await host.call<{ id: string; name: string }>('projects:create', {
      name: 'report\u202Efdp.exe\u0007',
    });
    expect(created.name).toBe('reportfdp.exe');
    expect((await errorOf('projects:rename', { id: created.id, name: '\u202E\u2066' })).message).toMatch(
      /name must not be empty/,
    );
  });
});
