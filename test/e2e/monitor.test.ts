import type { Locator, Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { appTest } from './fixture.js';
import { launchBrowser, squash } from './harness.js';

const CHARTS = ['chart-loss', 'chart-constraints', 'chart-multipliers', 'chart-evaluation'] as const;

/** Points drawn and the last iteration drawn, per live chart, read from the canvases' data attributes. */
async function chartState(page: Page): Promise<Record<string, { points: number; lastX: number }>> {
  const out: Record<string, { points: number; lastX: number }> = {};
  for (const id of CHARTS) {
    const canvas = page.getByTestId(id);
    const present = (await canvas.count()) > 0;
    out[id] = {
      points: present ? Number((await canvas.getAttribute('data-points')) ?? 0) : 0,
      lastX: present ? Number((await canvas.getAttribute('data-last-x')) ?? 0) : 0,
    };
  }
  return out;
}

/** Sets a budget of `seconds` and one run in the Train tab, starts one job and returns the live monitor. */
async function startJob(page: Page, seconds: number): Promise<Locator> {
  await page.getByTestId('solver-setup').waitFor();
  await page.getByTestId('budget-seconds').fill(String(seconds));
  await page.getByTestId('runs').fill('1');
  await expect
    .poll(() => page.getByTestId('train-tab').getAttribute('data-save-state'), { timeout: 10_000 })
    .toBe('saved');
  await page.getByTestId('start-training').click();
  return page.getByTestId('live-monitor');
}

/** startJob, once the monitor shows the job running. */
async function startRunningJob(page: Page, seconds: number): Promise<Locator> {
  const monitor = await startJob(page, seconds);
  await expect.poll(() => monitor.getAttribute('data-status'), { timeout: 60_000 }).toBe('running');
  return monitor;
}

describe('live monitor (headless host, real Chromium, real engine)', () => {
  appTest(
    'every live chart gains points while one SSL-ALM run trains, also in a window that joins late',
    async ({ app }) => {
      const { page } = app;
      await app.openSample('train');
      const monitor = await startRunningJob(page, 12);

      // Moment 1: every chart has something; moment 2 (same run, still running): every chart has more.
      await expect
        .poll(async () => Object.values(await chartState(page)).every((c) => c.points > 0), { timeout: 30_000 })
        .toBe(true);
      const first = await chartState(page);
      await expect
        .poll(
          async () => {
            const now = await chartState(page);
            return CHARTS.filter((id) => now[id]!.points > first[id]!.points && now[id]!.lastX > first[id]!.lastX);
          },
          { timeout: 30_000, interval: 250 },
        )
        .toEqual([...CHARTS]);
      expect(await monitor.getAttribute('data-status')).toBe('running');

      // A second window opened mid-run draws the history so far and then follows the same run.
      const late = await launchBrowser(page.url(), { viewport: { width: 1024, height: 800 } });
      try {
        const lateMonitor = late.page.getByTestId('live-monitor');
        await expect.poll(() => lateMonitor.getAttribute('data-status'), { timeout: 30_000 }).toBe('running');
        await expect
          .poll(async () => Object.values(await chartState(late.page)).every((c) => c.points > 0), { timeout: 30_000 })
          .toBe(true);
        const joined = await chartState(late.page);
        await expect
          .poll(
            async () => {
              const now = await chartState(late.page);
              return CHARTS.filter((id) => now[id]!.lastX > joined[id]!.lastX);
            },
            { timeout: 30_000, interval: 250 },
          )
          .toEqual([...CHARTS]);
        expect(await lateMonitor.getAttribute('data-status')).toBe('running');
      } finally {
        await late.close();
      }
      await page.getByTestId('cancel-job').click();
      await expect.poll(() => monitor.getAttribute('data-status'), { timeout: 30_000 }).toBe('cancelled');
    },
  );

  appTest(
    'queuing a second job keeps the monitor on the running one; the queued row shows its place and start',
    async ({ app }) => {
      const { page } = app;
      await app.openSample('train');
      const monitor = await startRunningJob(page, 20);
      const runningId = await monitor.getAttribute('data-job-id');

      await page.getByTestId('start-training').click();
      const rows = page.getByTestId('active-job');
      await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(2);
      const queued = page.locator('[data-testid="active-job"][data-status="queued"]');
      await expect
        .poll(() => queued.getByTestId('job-place').textContent().then(squash), { timeout: 30_000 })
        .toMatch(/#1 in queue · starts in ≈ \d+ s/);
      expect(await monitor.getAttribute('data-job-id')).toBe(runningId);
      expect(await monitor.getAttribute('data-status')).toBe('running');

      for (const id of await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-job-id')))) {
        await page.locator(`[data-testid="active-job"][data-job-id="${id}"]`).getByTestId('cancel-job').click();
      }
      await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(0);
    },
  );

  appTest(
    'the legends name every constraint of a job with six, and a multiplier note says how to read SSL-ALM',
    async ({ app }) => {
      const { page, ws } = app;
      const projectId = await app.openSample('data');
      // Four intersectional groups (race × sex): a pairwise loss-gap constraint has six measured gaps.
      const project = await ws.invoke('projects:get', { id: projectId });
      if (!project.ok) throw new Error(project.error.message);
      const task = (project.data as { task: { data: Record<string, unknown>; split: Record<string, unknown> } }).task;
      const { path: _path, ...data } = task.data;
      const saved = await ws.invoke('datasets:save-draft', {
        projectId,
        data,
        split: task.split,
        groups: {
          attributes: [
            { column: 'RAC1P', map: { '1': 'White', '*': 'Non-white' } },
            { column: 'SEX', map: { '1': 'Male', '2': 'Female' } },
          ],
          intersect: true,
          minSize: 30,
        },
      });
      expect(saved.ok).toBe(true);
      await page.getByTestId('tab-train').click();
      const monitor = await startJob(page, 3);
      await expect.poll(() => monitor.getAttribute('data-status'), { timeout: 90_000 }).toBe('completed');

      const legend = async (id: string) => page.getByTestId(`${id}-legend`).locator('li').allTextContents();
      await expect
        .poll(async () => (await legend('chart-constraints')).filter((l) => l.startsWith('loss-gap:')).length, {
          timeout: 30_000,
        })
        .toBe(6);
      const labels = JSON.parse(
        (await page.getByTestId('chart-constraints').getAttribute('data-labels')) ?? '[]',
      ) as string[];
      expect((await legend('chart-constraints')).map((l) => l.trim())).toEqual(labels);
      expect((await legend('chart-multipliers')).filter((l) => l.includes('loss-gap:')).length).toBe(6);
      expect(await monitor.textContent().then(squash)).toMatch(/multipliers are signed/);
    },
  );
});
