import { describe, expect, it } from 'vitest';
import { ProjectHeader } from '../../../../renderer/src/views/project/project-header.svelte';
import { FakeMain, settle } from '../../fake-main';
import { project } from '../../fixtures';

describe('ProjectHeader', () => {
  it('loads the project and reloads only on projects:changed events for it', async () => {
    const main = new FakeMain();
    let name = 'First name';
    main.handle('projects:get', ({ id }) => project(id, { name }));
    const header = new ProjectHeader('p1', main.api);
    const stop = header.start();
    await settle();
    expect(header.project?.name).toBe('First name');

    name = 'Renamed';
    main.emit('projects:changed', { id: 'other', removed: false });
    await settle();
    expect(header.project?.name).toBe('First name');
    expect(main.requests('projects:get')).toHaveLength(1);

    main.emit('projects:changed', { id: 'p1', removed: false });
    await settle();
    expect(header.project?.name).toBe('Renamed');

    stop();
    expect(main.listeners('projects:changed')).toBe(0);
  });

  it('shows the error of a project that cannot be read', async () => {
    const main = new FakeMain().handle('projects:get', { error: { code: 'not-found', message: 'no project p1' } });
    const header = new ProjectHeader('p1', main.api);
    await header.load();
    expect(header.project).toBeNull();
    expect(header.error).toMatchObject({ code: 'not-found' });
  });
});
