import { describe, expect } from 'vitest';
import type { JobView } from '../../shared/ipc/channels/training.js';
import { test } from './fixture.js';
import { screenshot, squash } from './harness.js';

describe('train tab (headless host, real Chromium, real engine)', () => {
  test.override({ viewport: { width: 1400, height: 1000 } });

  test('trains SSL-ALM and SGD on the sample, shows live charts, compares them, and finds them again after a restart that interrupts a third', async ({
    host,
    ws,
    browser: session,
  }) => {
    const { page } = session;

    await page.getByTestId('create-from-sample').click();
    await expect
      .poll(() => page.getByTestId('project-title').textContent().then(squash), { timeout: 60_000 })
      .toBe('ACSIncome (Oklahoma)');
    await page.getByTestId('tab-train').click();
    await page.getByTestId('fairness-setup').waitFor();
    const projectId = /#\/projects\/([^/]+)\//.exec(page.url())?.[1];
    expect(projectId).toBeTruthy();

    // The paper's set-up is the default: one loss-gap constraint explained in words with its row count.
    const text = async (id: string) =>
      ((await page.getByTestId(id).first().textContent().then(squash)) ?? '').replace(/\s+/g, ' ');
    await expect
      .poll(() => text('constraint-explain'), { timeout: 30_000 })
      .toMatch(
        /loss may differ by at most 0\.005 between any two groups\. For the 2 groups .* 1 measured gap and 2 one-sided constraint rows/,
      );
    await expect
      .poll(() => page.getByTestId('backend-info').textContent().then(squash), { timeout: 30_000 })
      .toMatch(/auto uses/);

    // A looser tolerance that a few seconds of training can meet, a short budget for both jobs, then a sweep over
    // the two solvers (queued one after another).
    await page.getByTestId('constraint-tolerance').fill('0.02');
    await expect.poll(() => text('constraint-explain')).toMatch(/at most 0\.02 between/);
    await page.getByTestId('budget-seconds').fill('4');
    await page.getByTestId('runs').fill('1');
    await expect.poll(() => page.getByTestId('train-tab').getAttribute('data-save-state')).toBe('saved');
    await page.getByTestId('sweep-toggle').click();
    await page.getByTestId('sweep-solver-ssl-alm').check();
    await page.getByTestId('sweep-solver-sgd').check();
    await expect.poll(() => page.getByTestId('start-sweep').textContent().then(squash)).toContain('Queue 2 jobs');

    await screenshot(page, 'train-00-setup');
    await page.getByTestId('start-sweep').click();

    // Live: the monitor's loss chart gains points while the first job runs.
    const monitor = page.getByTestId('live-monitor');
    await expect.poll(() => monitor.getAttribute('data-status'), { timeout: 60_000 }).toBe('running');
    const lossChart = page.getByTestId('chart-loss');
    const points = async () => Number((await lossChart.getAttribute('data-points')) ?? 0);
    await expect.poll(points, { timeout: 30_000 }).toBeGreaterThan(0);
    const early = await points();
    await expect.poll(points, { timeout: 30_000 }).toBeGreaterThan(early);
    expect(Number(await page.getByTestId('chart-constraints').getAttribute('data-series'))).toBeGreaterThanOrEqual(2);
    // The constraint series carry the names results.json will use, while the job still runs (no results.json yet).
    const labels = async (id: string) =>
      JSON.parse((await page.getByTestId(id).getAttribute('data-labels')) ?? '[]') as string[];
    expect(await labels('chart-constraints')).toContain('loss-gap: White vs Non-white');
    await expect.poll(() => labels('chart-multipliers')).toEqual(['λ loss-gap: White vs Non-white']);
    expect(await monitor.getAttribute('data-status')).toBe('running');
    await screenshot(page, 'train-01-monitor');

    // Pause and resume from the queue: main holds the job, the page follows its status.
    await page.getByTestId('active-job').first().getByTestId('pause-job').click();
    await expect.poll(() => monitor.getAttribute('data-status')).toBe('paused');
    await page.getByTestId('active-job').first().getByTestId('resume-job').click();
    await expect.poll(() => monitor.getAttribute('data-status')).toBe('running');

    // Leaving the tab and coming back: training belongs to main; the tab re-subscribes and redraws from the history.
    await page.getByTestId('tab-data').click();
    await page.getByTestId('train-tab').waitFor({ state: 'detached' });
    await page.getByTestId('tab-train').click();
    await expect
      .poll(() => page.getByTestId('live-monitor').getAttribute('data-status'), { timeout: 30_000 })
      .toMatch(/running|completed/);
    await expect.poll(points, { timeout: 30_000 }).toBeGreaterThan(early);

    // Both finish; the table compares them.
    const rows = page.getByTestId('run-row');
    await expect.poll(() => rows.count(), { timeout: 90_000 }).toBe(2);
    const solvers = await rows.evaluateAll((els) =>
      els.map((e) => `${e.getAttribute('data-solver')}:${e.getAttribute('data-status')}`).sort(),
    );
    expect(solvers).toEqual(['sgd:completed', 'ssl-alm:completed']);
    // Each row shows the test figures main recorded for its job.
    const listed = await ws.invoke('training:list', { projectId: projectId! });
    if (!listed.ok) throw new Error(listed.error.message);
    for (const job of (listed.data as { jobs: JobView[] }).jobs) {
      const figures = job.summary?.runs[0]?.test;
      if (figures === undefined) throw new Error(`job ${job.id} has no test figures`);
      const row = page.locator(`[data-testid="run-row"][data-job-id="${job.id}"]`);
      expect(await row.getByTestId('cell-violation').textContent().then(squash)).toBe(figures.maxViolation.toFixed(4));
      expect(await row.getByTestId('cell-accuracy').textContent().then(squash)).toBe(figures.accuracy.toFixed(3));
    }
    await expect
      .poll(async () => Number(await page.getByTestId('chart-pareto').getAttribute('data-points')))
      .toBeGreaterThanOrEqual(2);
    await expect
      .poll(async () => Number(await page.getByTestId('chart-compare-loss').getAttribute('data-series')))
      .toBe(2);
    await page.getByTestId('use-as-model').first().click();
    await page.getByTestId('current-model').waitFor();
    await page.getByTestId('runs-comparison').scrollIntoViewIfNeeded();
    await screenshot(page, 'train-02-comparison');

    // A third job is running when the host stops: after the restart it reads failed (interrupted), never running,
    // and the finished runs, their charts and the chosen model are all still there.
    await page.getByTestId('start-training').click();
    await expect
      .poll(() => page.getByTestId('live-monitor').getAttribute('data-status'), { timeout: 30_000 })
      .toBe('running');
    // Stopped once it has drawn some constraint history, so its charts have something to label after the restart.
    await expect
      .poll(async () => Number(await page.getByTestId('chart-constraints').getAttribute('data-points')), {
        timeout: 30_000,
      })
      .toBeGreaterThan(0);
    await host.restart();
    await page.goto(`${host.url}#/projects/${projectId}/train`);
    await page.waitForSelector('[data-app-state="ready"]');
    session.errors.length = 0;
    // The two finished runs, and the interrupted job's run, cut short after it started (recorded as cancelled).
    await expect.poll(() => page.getByTestId('run-row').count(), { timeout: 30_000 }).toBe(3);
    expect(
      (await page.getByTestId('run-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))).sort(),
    ).toEqual(['cancelled', 'completed', 'completed']);
    await page.getByTestId('current-model').waitFor();
    expect(await page.getByTestId('constraint-tolerance').inputValue()).toBe('0.02');
    expect(await page.getByTestId('budget-seconds').inputValue()).toBe('4');
    const ended = page.getByTestId('ended-job');
    await expect.poll(() => ended.count()).toBe(1);
    expect(await ended.getAttribute('data-status')).toBe('failed');
    // Read as "interrupted" once (not "failed … (cancelled)"), and its charts keep the constraint names.
    expect(await ended.textContent().then(squash)).toMatch(/interrupted — the app stopped while this job was running/);
    expect(((await ended.textContent().then(squash)) ?? '').match(/interrupted/g)).toHaveLength(1);
    expect(await ended.textContent().then(squash)).not.toMatch(/cancel|failed/);
    await expect
      .poll(() => page.getByTestId('live-monitor').getAttribute('data-status'), { timeout: 30_000 })
      .toBe('failed');
    await expect.poll(() => labels('chart-constraints'), { timeout: 30_000 }).toContain('loss-gap: White vs Non-white');
    const stats = (await page.getByTestId('monitor-stats').textContent().then(squash)) ?? '';
    expect(stats).toMatch(/^\s*interrupted ·.*the app stopped while this job was running/s);
    expect(stats.match(/interrupted/g)).toHaveLength(1);
    await expect
      .poll(async () => Number(await page.getByTestId('chart-compare-loss').getAttribute('data-points')), {
        timeout: 30_000,
      })
      .toBeGreaterThan(0);
    await expect
      .poll(() => text('constraint-gap'), { timeout: 30_000 })
      .toMatch(/Without constraints \(SGD · unconstrained\): 0\.\d{4}/);
    await screenshot(page, 'train-03-after-restart');
    expect(session.errors).toEqual([]);
  });
});
