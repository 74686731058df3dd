import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.resetModules();
});

describe('toasts', () => {
  it('info notices dismiss themselves after 8 s, errors stay; at most five are shown', async () => {
    vi.useFakeTimers();
    const { toasts } = await import('../../../renderer/src/lib/toasts.svelte');
    toasts.error({ code: 'io-error', message: 'disk full' });
    toasts.info('Saved', 'the project was saved');
    await vi.advanceTimersByTimeAsync(7_999);
    expect(toasts.items).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(toasts.items.map((t) => t.kind)).toEqual(['error']);
    for (let i = 0; i < 6; i++) toasts.error({ code: 'io-error', message: `problem ${i}` });
    expect(toasts.items.map((t) => t.message)).toEqual([
      'problem 1',
      'problem 2',
      'problem 3',
      'problem 4',
      'problem 5',
    ]);
  });
});
