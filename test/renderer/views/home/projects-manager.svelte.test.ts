import { afterEach, describe, expect, it } from 'vitest';
import { toasts } from '../../../../renderer/src/lib/toasts.svelte';
import { ProjectsManager } from '../../../../renderer/src/views/home/projects-manager.svelte';
import { FakeMain, settle } from '../../fake-main';
import { project, summary } from '../../fixtures';

afterEach(() => toasts.items.splice(0));

describe('ProjectsManager', () => {
  it('lists projects on start and refreshes on every projects:changed event until stopped', async () => {
    const main = new FakeMain();
    let listed = [summary('a')];
    main.handle('projects:list', () => listed);
    const manager = new ProjectsManager(main.api);
    const stop = manager.start();
    await settle();
    expect(manager.loaded).toBe(true);
    expect(manager.projects.map((p) => p.id)).toEqual(['a']);

    listed = [summary('a'), summary('b')];
    main.emit('projects:changed', { id: 'b', removed: false });
    await settle();
    expect(manager.projects.map((p) => p.id)).toEqual(['a', 'b']);

    stop();
    expect(main.listeners('projects:changed')).toBe(0);
    listed = [];
    main.emit('projects:changed', { id: 'a', removed: true });
    await settle();
    expect(manager.projects.map((p) => p.id)).toEqual(['a', 'b']);
  });

  it('keeps the last list and shows the error when listing fails', async () => {
    const main = new FakeMain().handle('projects:list', { error: { code: 'io-error', message: 'disk gone' } });
    const manager = new ProjectsManager(main.api);
    await manager.refresh();
    expect(manager.loaded).toBe(true);
    expect(manager.loadError).toMatchObject({ code: 'io-error', message: 'disk gone' });
    expect(manager.projects).toEqual([]);
  });

  it('create sends the name and the sample choice, returns the project and refreshes the list', async () => {
    const main = new FakeMain()
      .handle('projects:list', [summary('new-one')])
      .handle('projects:create', ({ name }) => project('new-one', { name }));
    const manager = new ProjectsManager(main.api);
    const created = await manager.create('Loan model', true);
    expect(created).toMatchObject({ id: 'new-one', name: 'Loan model' });
    expect(main.requests('projects:create')).toEqual([{ name: 'Loan model', fromSample: true }]);
    expect(manager.projects.map((p) => p.id)).toEqual(['new-one']);
    expect(manager.busy).toBe(false);
  });

  it('a failed action becomes an error toast, returns null, and still refreshes', async () => {
    const main = new FakeMain()
      .handle('projects:list', [summary('a')])
      .handle('projects:rename', { error: { code: 'conflict', message: 'a project with that name exists' } });
    const manager = new ProjectsManager(main.api);
    expect(await manager.rename('a', 'Taken')).toBeNull();
    expect(toasts.items.map((t) => t.message)).toContain('a project with that name exists');
    expect(main.requests('projects:list')).toHaveLength(1);
  });
});
