import { afterEach, describe, expect, it } from 'vitest';
import {
  connectWs,
  createSampleProject,
  launchBrowser,
  screenshot,
  startHeadlessHost,
  type BrowserSession,
  type HeadlessHost,
} from './harness.js';

let host: HeadlessHost | undefined;
let session: BrowserSession | undefined;

afterEach(async () => {
  await session?.close();
  await host?.stop();
  session = undefined;
  host = undefined;
});

interface ListedJob {
  status: string;
  live: { phase: string } | null;
}

describe('"jobs run at once" setting (headless host, real Chromium, real engine)', () => {
  it('is set in the Train tab, survives a restart, and lets two jobs train side by side', async () => {
    host = await startHeadlessHost();
    let ws = await connectWs(host);
    const projectId = await createSampleProject(ws, 'Settings e2e');
    ws.close();

    session = await launchBrowser(host.url, { viewport: { width: 1400, height: 900 } });
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
    ws = await connectWs(host);
    const setup = await ws.invoke('training:setup', { projectId });
    const settings = (setup as { ok: true; data: { settings: Record<string, unknown> } }).data.settings;
    const saved = await ws.invoke('training:save-settings', {
      projectId,
      settings: { ...settings, model: { hidden: [16] }, budget: { seconds: 6 }, runs: 1, backend: 'wasm' },
    });
    expect(saved.ok).toBe(true);
    expect((await ws.invoke('training:start', { projectId, sweep: { solvers: ['ssl-alm', 'sgd'] } })).ok).toBe(true);
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
    const completed = async () => {
      const list = await ws.invoke('training:list', { projectId });
      return list.ok ? (list.data as { jobs: ListedJob[] }).jobs.filter((j) => j.status === 'completed').length : -1;
    };
    await expect.poll(completed, { timeout: 120_000, interval: 1000 }).toBe(2);
    ws.close();
    expect(session.errors).toEqual([]);
  });
});
