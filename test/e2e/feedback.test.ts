import { existsSync, readdirSync } from 'node:fs';
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

/**
 * From the moment the returned switch is called, every audit the page asks for uses the most bootstrap resamples the
 * contract allows (20,000 instead of 1,000): the real host still does the work, but long enough to be cancelled however
 * fast the machine. The page reloads so that its connection goes through the route.
 */
async function slowAuditsLater(page: Page): Promise<() => void> {
  let slow = false;
  await page.routeWebSocket(/\/ws$/, (socket) => {
    const server = socket.connectToServer();
    socket.onMessage((message) => {
      const request = JSON.parse(String(message)) as { channel?: string; payload?: Record<string, unknown> };
      const audit = request.channel === 'audit:compute' || request.channel === 'audit:export';
      server.send(
        slow && audit ? JSON.stringify({ ...request, payload: { ...request.payload, resamples: 20_000 } }) : message,
      );
    });
  });
  await page.reload();
  return () => {
    slow = true;
  };
}

describe('waiting and feedback (headless host, real Chromium)', () => {
  appTest(
    'PDF export shows its progress, downloads in the browser, and the project lists, opens and deletes past reports',
    async ({ app }) => {
      const { page, host } = app;
      const projectId = await auditedSample(app);
      const download = page.waitForEvent('download', { timeout: 120_000 });
      await page.getByTestId('audit-export').click();
      // Past a second the wait says which step it is in and for how long, and the bootstrap step how far it is.
      await expect
        .poll(() => page.getByTestId('audit-exporting').textContent().then(squash), { timeout: 30_000 })
        .toMatch(/Exporting the PDF, step [12] of 2: (computing the audit… \d+ %|printing in Chromium…) [1-9]\d* s/);
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

  appTest(
    'computing the audit shows main’s progress as a bar; Cancel asks main to stop and keeps the last result on screen',
    async ({ app }) => {
      const { page } = app;
      // Main answers an audit of the sample within a second now; to see the wait, its answer to the recompute is held
      // in a WebSocket route until the page asks main to cancel (main's progress events pass straight through). That
      // main's bootstrap stops on cancel is tested in test/main/core/audit/handlers.test.ts.
      let holding = false;
      const held = new Set<unknown>();
      const heldReplies: string[] = [];
      const cancels: unknown[] = [];
      let release = () => {};
      await page.routeWebSocket(/\/ws$/, (socket) => {
        const server = socket.connectToServer();
        release = () => heldReplies.splice(0).forEach((m) => socket.send(m));
        socket.onMessage((message) => {
          const request = JSON.parse(String(message)) as { id?: unknown; channel?: string; payload?: unknown };
          if (holding && request.channel === 'audit:compute') held.add(request.id);
          if (request.channel === 'audit:cancel') cancels.push(request.payload);
          server.send(message);
        });
        server.onMessage((message) => {
          const reply = JSON.parse(String(message)) as { id?: unknown };
          if (held.has(reply.id) && cancels.length === 0) heldReplies.push(String(message));
          else socket.send(message);
        });
      });
      await page.reload();
      await auditedSample(app);
      const rowsText = () => page.getByTestId('audit-group-row').allTextContents();
      const before = await rowsText();
      holding = true;
      // A new threshold recomputes the audit (bootstrap intervals for every group and metric).
      await page.getByTestId('audit-threshold').evaluate((input: HTMLInputElement) => {
        input.value = '0.4';
        input.dispatchEvent(new Event('input', { bubbles: true }));
        input.dispatchEvent(new Event('change', { bubbles: true }));
      });
      const bar = page.getByTestId('audit-computing-progress');
      await expect
        .poll(async () => Number((await bar.getAttribute('data-fraction', { timeout: 30_000 })) || 0), {
          timeout: 30_000,
        })
        .toBeGreaterThan(0);
      expect(await page.getByTestId('audit-computing').textContent().then(squash)).toMatch(
        /Computing the audit… \d+ % [1-9]\d* s/,
      );
      await page.getByTestId('audit-computing-cancel').click();
      await expect.poll(() => page.getByTestId('audit-computing').count()).toBe(0);
      await expect.poll(() => cancels.length).toBe(1);
      expect(cancels[0]).toMatchObject({ task: 'compute' });
      // The answer that arrives after the cancel is dropped: the result on screen is still the one for 0.5.
      release();
      await page.waitForTimeout(500);
      expect(await page.getByTestId('audit-tab').getAttribute('data-state')).toBe('ready');
      expect(await rowsText()).toEqual(before);
    },
  );

  appTest(
    'Cancel during a PDF export stops it in main: no download, no file in the project, no report listed',
    async ({ app }) => {
      const { page, host } = app;
      const slowAudits = await slowAuditsLater(page);
      const projectId = await auditedSample(app);
      slowAudits();
      const reports = path.join(host.dataDir, 'projects', projectId, 'reports');
      let downloads = 0;
      page.on('download', () => downloads++);
      await page.getByTestId('audit-export').click();
      const cancel = page.getByTestId('audit-exporting-cancel');
      await cancel.waitFor({ timeout: 30_000 });
      expect(await cancel.textContent().then(squash)).toBe('Cancel export (nothing is written)');
      await cancel.click();
      await expect.poll(() => page.getByTestId('audit-exporting').count(), { timeout: 10_000 }).toBe(0);
      expect(await page.getByTestId('audit-export').textContent().then(squash)).toBe('Export PDF');
      expect(await page.getByText('Export cancelled').count()).toBe(1);
      await page.waitForTimeout(1000);
      expect(downloads).toBe(0);
      expect(existsSync(reports) ? readdirSync(reports) : []).toEqual([]);
      expect(await page.getByTestId('report').count()).toBe(0);
      expect(await page.getByTestId('audit-exported').count()).toBe(0);
    },
  );

  appTest('after a host restart the home page is never blank: a spinner says what it waits for', async ({ app }) => {
    const { page, host, ws } = app;
    expect((await ws.invoke('projects:create', { name: 'Kept across the restart' })).ok).toBe(true);
    await host.restart();
    // A slow start, as after a restart on a big data folder: the host's answers are held 1.5 s after the connection
    // opens, and the project list 1.5 s more.
    const HOLD_MS = 1500;
    await page.routeWebSocket(/\/ws$/, (socket) => {
      const server = socket.connectToServer();
      const opened = Date.now();
      const listIds = new Set<unknown>();
      socket.onMessage((message) => {
        const request = JSON.parse(String(message)) as { id?: unknown; channel?: string };
        if (request.channel === 'projects:list') listIds.add(request.id);
        server.send(message);
      });
      server.onMessage((message) => {
        const reply = JSON.parse(String(message)) as { id?: unknown };
        const until = opened + HOLD_MS + (listIds.has(reply.id) ? HOLD_MS : 0);
        setTimeout(() => socket.send(message), Math.max(0, until - Date.now()));
      });
    });
    await page.goto(host.url);
    const spinnerText = () =>
      page
        .getByTestId('spinner')
        .first()
        .textContent({ timeout: 1000 })
        .then(squash)
        .catch(() => '');
    await expect.poll(spinnerText, { timeout: 10_000 }).toBe('Connecting to Fairbound…');
    await expect.poll(spinnerText, { timeout: 10_000 }).toBe('Loading projects…');
    await page.getByTestId('project-list').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('spinner').count()).toBe(0);
    expect(await page.getByTestId('project-list').textContent().then(squash)).toContain('Kept across the restart');
  });

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
