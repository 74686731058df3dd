import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeMain } from '../fake-main';

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.resetModules();
});

/** The page's body, as far as the start-up state touches it (tests wait on data-app-state). */
function stubBody(): { dataset: Record<string, string> } {
  const body = { dataset: {} as Record<string, string> };
  vi.stubGlobal('document', { body });
  return body;
}

describe('app start-up state', () => {
  it("shows main's notices as toasts and marks the page ready", async () => {
    const body = stubBody();
    const { appState } = await import('../../../renderer/src/lib/app-state.svelte');
    const { toasts } = await import('../../../renderer/src/lib/toasts.svelte');
    const main = new FakeMain().handle('app:info', {
      name: 'fairbound',
      version: '0.1.0',
      transport: 'http',
      dataDir: '/data',
      notices: ['settings were reset'],
    });
    await appState.start(main.api);
    expect(appState.info?.version).toBe('0.1.0');
    expect(toasts.items.map((t) => t.message)).toEqual(['settings were reset']);
    expect(body.dataset['appState']).toBe('ready');
  });

  it('marks the page as failed when main cannot say who it is', async () => {
    const body = stubBody();
    const { appState } = await import('../../../renderer/src/lib/app-state.svelte');
    await appState.start(
      new FakeMain().handle('app:info', { error: { code: 'internal', message: 'no data folder' } }).api,
    );
    expect(appState.error?.message).toBe('no data folder');
    expect(body.dataset['appState']).toBe('error');
  });
});
