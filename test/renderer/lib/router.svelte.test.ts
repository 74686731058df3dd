import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.resetModules();
});

describe('router', () => {
  it('starts from the location hash, follows hash changes and writes the hash when navigating', async () => {
    const location = { hash: '#/projects/p1/train' };
    vi.stubGlobal('window', { location });
    const { router } = await import('../../../renderer/src/lib/router.svelte');
    expect(router.route).toEqual({ view: 'project', projectId: 'p1', tab: 'train' });
    location.hash = '#/';
    router.sync();
    expect(router.route).toEqual({ view: 'home' });
    router.go({ view: 'project', projectId: 'p2', tab: 'audit' });
    expect(location.hash).toBe('#/projects/p2/audit');
    expect(router.route).toEqual({ view: 'project', projectId: 'p2', tab: 'audit' });
  });
});
