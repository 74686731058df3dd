import { describe, expect } from 'vitest';
import { test } from './fixture.js';
import { screenshot, squash } from './harness.js';

describe('a tab open across a host restart (headless host, real Chromium)', () => {
  test('says the app is not running and how to start it, then works again at the same address once it is back', async ({
    host,
    browser: session,
  }) => {
    const url = host.url;
    const { page } = session;
    await page.getByTestId('empty-state').waitFor();

    await host.stop();
    await page.getByTestId('create-from-sample').click();
    const toast = page.getByText(/The Fairbound app is not running/).first();
    await toast.waitFor({ timeout: 15_000 });
    expect(await toast.textContent().then(squash)).toContain(
      'Start it again (`npm run serve`) on the same data folder, then reload this page',
    );
    expect(await page.getByText('File error').count()).toBe(0);
    await screenshot(page, 'host-restart-01-stopped');

    // Same data folder: same port, same token, so this tab (and any bookmark of its URL) works again.
    await host.restart();
    expect(host.url).toBe(url);
    await page.reload();
    await page.waitForSelector('[data-app-state="ready"]');
    session.errors.length = 0;
    await page.getByTestId('create-from-sample').click();
    await expect
      .poll(() => page.getByTestId('project-title').textContent().then(squash), { timeout: 60_000 })
      .toBe('ACSIncome (Oklahoma)');
    await screenshot(page, 'host-restart-02-reconnected');
  });
});
