import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { appTest } from './fixture.js';
import { screenshot } from './harness.js';

const WIDTHS = [1024, 1440] as const;

/** How far the page is wider than the window (0: no horizontal scrolling). */
function overflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/**
 * Panels, and anything inside that scrolls sideways, whose content is wider than they are: each as "what +N px".
 * Only a table of the data's own cells (the preview: as many columns as the file) may scroll, and says so with
 * data-scroll-x.
 */
function innerOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('body *'))) {
      const scrolls = ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
      if (!scrolls && !el.classList.contains('panel')) continue;
      if (el.closest('[data-scroll-x]')) continue;
      const over = el.scrollWidth - el.clientWidth;
      if (over <= 1) continue;
      const named = el.closest<HTMLElement>('[data-testid], [aria-label], h3, section');
      const what = [
        el.tagName.toLowerCase(),
        el.className ? `.${String(el.className).split(/\s+/)[0]}` : '',
        named?.dataset['testid'] ? ` in ${named.dataset['testid']}` : '',
        named?.getAttribute('aria-label') ? ` in "${named.getAttribute('aria-label')}"` : '',
      ].join('');
      found.push(`${what} +${over}px`);
    }
    return found;
  });
}

describe('layout (headless host, real Chromium)', () => {
  appTest(
    'every tab fits 1,024 and 1,440 px wide windows without horizontal scrolling, of the page or inside a panel, with a job training and finished',
    async ({ app }) => {
      const { page, host } = app;
      const projectId = await app.openSample('train');
      await page.getByTestId('solver-setup').waitFor();
      await page.getByTestId('budget-seconds').fill('3');
      await page.getByTestId('runs').fill('2');
      await expect
        .poll(() => page.getByTestId('train-tab').getAttribute('data-save-state'), { timeout: 10_000 })
        .toBe('saved');
      await page.getByTestId('start-training').click();
      await expect.poll(() => page.getByTestId('run-row').count(), { timeout: 120_000 }).toBe(2);

      // The Pareto view names runs by job and seed, and its violation axis starts at 0 (not Chart.js's −1 … 1).
      const pareto = page.getByTestId('chart-pareto');
      await expect
        .poll(async () => JSON.parse((await pareto.getAttribute('data-names')) ?? '[]') as string[], {
          timeout: 30_000,
        })
        .toEqual(
          expect.arrayContaining(['SSL-ALM · Loss gap ≤ 0.005 · seed 0', 'SSL-ALM · Loss gap ≤ 0.005 · seed 1']),
        );
      expect(Number(((await pareto.getAttribute('data-x-range')) ?? '').split(',')[0])).toBeLessThanOrEqual(0);
      expect(Number(((await pareto.getAttribute('data-x-range')) ?? '').split(',')[0])).toBeGreaterThan(-0.1);

      // A second, longer job keeps the live monitor on screen with the results table below it.
      await page.getByTestId('budget-seconds').fill('60');
      await expect
        .poll(() => page.getByTestId('train-tab').getAttribute('data-save-state'), { timeout: 10_000 })
        .toBe('saved');
      await page.getByTestId('start-training').click();
      await expect
        .poll(() => page.getByTestId('live-monitor').getAttribute('data-status'), { timeout: 60_000 })
        .toBe('running');

      const measured: Record<string, number> = {};
      const inner: Record<string, string[]> = {};
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 900 });
        const views: [string, string, () => Promise<unknown>][] = [
          ['home', `${host.url}#/`, () => page.getByTestId('project-list').waitFor()],
          ['data', `${host.url}#/projects/${projectId}/data`, () => page.getByTestId('column-row').first().waitFor()],
          [
            'train',
            `${host.url}#/projects/${projectId}/train`,
            // The live charts drawing (not "No points yet"), so the screenshot shows a monitor at work.
            () =>
              expect
                .poll(async () => Number((await page.getByTestId('chart-loss').getAttribute('data-points')) ?? 0), {
                  timeout: 60_000,
                })
                .toBeGreaterThan(0),
          ],
          [
            'audit',
            `${host.url}#/projects/${projectId}/audit`,
            () =>
              expect
                .poll(() => page.getByTestId('audit-tab').getAttribute('data-state'), { timeout: 120_000 })
                .toBe('ready'),
          ],
        ];
        for (const [name, url, ready] of views) {
          await page.goto(url);
          await page.waitForSelector('[data-app-state="ready"]');
          await ready();
          // Charts and tables settle a frame after their data arrives.
          await page.waitForTimeout(500);
          measured[`${name}@${width}`] = await overflow(page);
          inner[`${name}@${width}`] = await innerOverflow(page);
          await screenshot(page, `layout-${name}-${width}`);
        }
      }
      expect(measured).toEqual(Object.fromEntries(Object.keys(measured).map((k) => [k, 0])));
      expect(inner).toEqual(Object.fromEntries(Object.keys(inner).map((k) => [k, []])));
    },
  );
});
