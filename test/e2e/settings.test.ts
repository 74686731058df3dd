import { describe, expect } from 'vitest';
import { test } from './fixture.js';
import { connectWs, createSampleProject, jobsCompleted, screenshot, startJobs } from './harness.js';

interface ListedJob {
  status: string;
  live: { phase: string } | null;
}

describe('"jobs run at once" setting (headless host, real Chromium, real engine)', () => {
  test.override({ viewport: { width: 1400, height: 900 } });

  test('is set in the Train tab, survives a restart, and lets two jobs train side by side', async ({
    host,
    ws: firstWs,
    browser: session,
  }) => {
    const projectId = await createSampleProject(firstWs, 'Settings e2e');
    const { page } = session;
    await page.evaluate((id) => (window.location.hash = `#/projects/${id}/train`), projectId);
    const input = page.getByTestId('jobs-at-once');
    await expect.poll(() => input.inputValue(), { timeout: 30_000 }).toBe('1');
    const cores = Number(await input.getAttribute('max'));
    expect(cores).toBeGreaterThanOrEqual(2);

    // Out of range: refused in the page, nothing saved.
    await input.fill(String(cores + 1));
    await input.press('Tab');
    await expect.poll(() => page.getByTestId('jobs-at-once-setting').getAttribute('data-save-state')).toBe('invalid');
    await input.fill('2');
    await input.press('Tab');
    await expect.poll(() => page.getByTestId('jobs-at-once-setting').getAttribute('data-save-state')).toBe('saved');
    await screenshot(page, 'settings-00-jobs-at-once');

    // A restart reads it back from settings.json.
    await host.restart();
    await page.goto(`${host.url}#/projects/${projectId}/train`);
    await page.waitForSelector('[data-app-state="ready"]');
    session.errors.length = 0;
    await expect.poll(() => page.getByTestId('jobs-at-once').inputValue(), { timeout: 30_000 }).toBe('2');

    // Two short jobs queued together both train at the same time.
    // The restart closed the first connection.
    const ws = await connectWs(host);
    const overrides = { model: { hidden: [16] }, budget: { seconds: 6 }, runs: 1, backend: 'wasm' };
    await startJobs(ws, projectId, overrides, ['ssl-alm', 'sgd']);
    const training = async () => {
      const list = await ws.invoke('training:list', { projectId });
      return list.ok
        ? (list.data as { jobs: ListedJob[] }).jobs.filter(
            (j) => j.status === 'running' && j.live?.phase === 'training',
          ).length
        : -1;
    };
    await expect.poll(training, { timeout: 60_000, interval: 200 }).toBe(2);
    await expect.poll(() => page.getByTestId('active-job').count()).toBe(2);
    await screenshot(page, 'settings-01-two-jobs-at-once');
    await jobsCompleted(ws, projectId, 2);
    ws.close();
    expect(session.errors).toEqual([]);
  });
});
