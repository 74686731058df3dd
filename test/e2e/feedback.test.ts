import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { appTest, type AppFixture } from './fixture.js';
import { squash } from './harness.js';

/** The sample project with one finished 3-second SSL-ALM job, open on the Audit tab with its audit computed. */
async function auditedSample(app: AppFixture): Promise<string> {
  const { page } = app;
  const projectId = await app.openSample('train');
  await page.getByTestId('budget-seconds').fill('3');
  await page.getByTestId('runs').fill('1');
  await expect
    .poll(() => page.getByTestId('train-tab').getAttribute('data-save-state'), { timeout: 10_000 })
    .toBe('saved');
  await page.getByTestId('start-training').click();
  await expect.poll(() => page.getByTestId('run-row').count(), { timeout: 120_000 }).toBe(1);
  await page.getByTestId('tab-audit').click();
  await expect.poll(() => page.getByTestId('audit-tab').getAttribute('data-state'), { timeout: 120_000 }).toBe('ready');
  return projectId;
}

const thresholdShown = (page: Page) => page.getByTestId('audit-threshold').inputValue();

describe('waiting and feedback (headless host, real Chromium)', () => {
  appTest(
    'PDF export shows its progress, downloads in the browser, and the project lists, opens and deletes past reports',
    async ({ app }) => {
      const { page, host } = app;
      const projectId = await auditedSample(app);
      const download = page.waitForEvent('download', { timeout: 120_000 });
      await page.getByTestId('audit-export').click();
      // Past a second the wait says what it is and for how long.
      await expect
        .poll(() => page.getByTestId('audit-exporting').textContent().then(squash), { timeout: 30_000 })
        .toMatch(/Writing the PDF… [1-9]\d* s/);
      const name = (await download).suggestedFilename();
      expect(name).toMatch(/\.pdf$/);
      const kept = path.join(host.dataDir, 'projects', projectId, 'reports', name);
      expect(existsSync(kept)).toBe(true);

      const report = page.locator(`[data-testid="report"][data-name="${name}"]`);
      await report.waitFor();
      expect(await report.textContent().then(squash)).toMatch(/SSL-ALM · Loss gap ≤ 0\.005 · seed 0/);
      const opened = page.waitForEvent('popup');
      await report.getByTestId('report-open').click();
      expect((await opened).url()).toMatch(/^blob:/);
      const again = page.waitForEvent('download');
      await report.getByTestId('report-download').click();
      expect((await again).suggestedFilename()).toBe(name);
      await report.getByTestId('report-delete').click();
      await report.getByTestId('report-delete-confirm').click();
      await expect.poll(() => report.count()).toBe(0);
      expect(existsSync(kept)).toBe(false);
    },
  );

  appTest('the audit threshold is saved in the project and shown again after the host restarts', async ({ app }) => {
    const { page, host } = app;
    const projectId = await auditedSample(app);
    expect(await thresholdShown(page)).toBe('0.5');
    await page.getByTestId('audit-threshold').evaluate((input: HTMLInputElement) => {
      input.value = '0.3';
      input.dispatchEvent(new Event('input', { bubbles: true }));
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await expect
      .poll(async () => {
        const project = await app.ws.invoke('projects:get', { id: projectId });
        return project.ok ? (project.data as { auditThreshold?: number }).auditThreshold : null;
      })
      .toBe(0.3);
    await host.restart();
    await page.goto(`${host.url}#/projects/${projectId}/audit`);
    await page.waitForSelector('[data-app-state="ready"]');
    await expect.poll(() => thresholdShown(page), { timeout: 30_000 }).toBe('0.3');
  });

  appTest('"Modified … ago" on the home page moves on while the page stays open', async ({ app }) => {
    const { page, ws } = app;
    await page.clock.install();
    const created = await ws.invoke('projects:create', { name: 'Ticking' });
    expect(created.ok).toBe(true);
    await page.reload();
    await page.waitForSelector('[data-app-state="ready"]');
    const modified = page.getByTestId('project-modified').first();
    await expect.poll(() => modified.textContent().then(squash), { timeout: 30_000 }).toMatch(/now|second/);
    await page.clock.fastForward('03:00');
    await expect.poll(() => modified.textContent().then(squash)).toMatch(/3 minutes ago/);
  });
});
