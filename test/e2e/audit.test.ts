import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect } from 'vitest';
import type { AuditResult } from '../../shared/audit.js';
import { test } from './fixture.js';
import { createSampleProject, screenshot, shortTraining, squash, trainJobs } from './harness.js';

describe('audit tab (headless host, real Chromium, real engine)', () => {
  test.override({ viewport: { width: 1400, height: 1000 } });

  test('audits a finished run: group table, threshold, sorting, PDF export', async ({ host, ws, browser: session }) => {
    const projectId = await createSampleProject(ws, 'Audit e2e');

    // A short constrained job and an unconstrained baseline, queued through the training channels.
    await trainJobs(ws, projectId, shortTraining([16], 200), ['ssl-alm', 'sgd']);
    const runs = await ws.invoke('audit:runs', { projectId });
    const runRef = runs.ok
      ? (runs.data as { ref: string; constrained: boolean }[]).find((r) => r.constrained)!.ref
      : '';
    const computed = await ws.invoke('audit:compute', { projectId, runRef, threshold: 0.5, references: {} });
    expect(computed.ok).toBe(true);
    const ll144 = (computed as { ok: true; data: AuditResult }).data.ll144;

    const { page } = session;
    await page.evaluate((id) => (window.location.hash = `#/projects/${id}/audit`), projectId);
    await page.getByTestId('audit-tab').waitFor();
    // The default run is the constrained one, the baseline the unconstrained one; both groups appear.
    await page.locator('[data-testid="audit-group-row"][data-group="White"]').waitFor({ timeout: 120_000 });
    await expect.poll(() => page.getByTestId('audit-group-row').count()).toBe(2);
    expect(
      await page.locator('[data-testid="audit-group-row"][data-group="Non-white"]').textContent().then(squash),
    ).toMatch(/%/);
    // Each four-fifths verdict says why: its interval and the interval's level, or what leaves it open.
    const fifths = await page
      .getByTestId('four-fifths')
      .evaluateAll((els) => els.map((e) => `${e.getAttribute('data-verdict')}: ${e.textContent}`));
    expect(fifths.length).toBe(2);
    for (const cell of fifths)
      expect(cell).toMatch(
        /^(pass: pass ?95 % interval \[.*\] at or above 0\.8|fail: fail ?95 % interval \[.*\] below 0\.8|inconclusive: inconclusive ?(95 % interval \[.*\] straddles 0\.8|.*too few|degenerate model)|n\/a: n\/a)/,
      );
    expect(await page.getByTestId('audit-baseline').textContent().then(squash)).toMatch(/Baseline/);
    expect(await page.getByTestId('audit-certificate').textContent().then(squash)).toMatch(
      /satisfied|violated|inconclusive/,
    );
    expect(Number(await page.getByTestId('disparity-chart').getAttribute('data-bars'))).toBe(2);

    // LL144: the scoring-rate variant beside the selection rate, with the figures main computed.
    expect(ll144.length).toBeGreaterThan(0);
    const ll144Table = ll144[0]!;
    expect(await page.getByTestId('ll144-median').textContent().then(squash)).toBe(ll144Table.medianScore!.toFixed(4));
    for (const r of ll144Table.rows) {
      const row = page.locator(`[data-testid="ll144-row"][data-category="${r.category}"]`);
      expect(await row.getByTestId('ll144-scoring-rate').textContent().then(squash)).toBe(
        `${(r.scoringRate! * 100).toFixed(1)}%`,
      );
      expect(await row.getByTestId('ll144-selection-rate').textContent().then(squash)).toBe(
        `${(r.selectionRate! * 100).toFixed(1)}%`,
      );
      if (r.scoringImpactRatio !== null)
        expect(await row.getByTestId('ll144-scoring-ratio').textContent().then(squash)).toBe(
          r.scoringImpactRatio.toFixed(3),
        );
    }
    expect(await page.getByTestId('ll144-variants').textContent().then(squash)).toContain('Which variant applies');
    await page.getByTestId('ll144-panel').scrollIntoViewIfNeeded();
    await screenshot(page, 'audit-ll144');

    // Sorting by group size puts the larger group (White) first when descending.
    await page.getByTestId('sort-n').click();
    await page.getByTestId('sort-n').click();
    expect(await page.getByTestId('audit-group-row').first().getAttribute('data-group')).toBe('White');

    // Choosing another reference group recomputes the disparities against it.
    await page.getByTestId('audit-reference').selectOption('Non-white');
    await expect
      .poll(() => page.locator('[data-testid="audit-group-row"][data-group="Non-white"]').textContent().then(squash), {
        timeout: 60_000,
      })
      .toContain('reference');

    // Moving the threshold recomputes the audit at that threshold.
    await page.getByTestId('audit-threshold').fill('0.3');
    await expect
      .poll(() => page.getByTestId('audit-tab').textContent().then(squash), { timeout: 60_000 })
      .toContain('p ≥ 0.3');
    await expect
      .poll(() => page.getByTestId('audit-tab').getAttribute('data-state'), { timeout: 60_000 })
      .toBe('ready');
    await screenshot(page, 'audit-tab');

    // Report details are saved into the project as they are typed: a reload and a restart of the host find them again.
    const details = {
      author: 'E2E Auditor',
      authorRole: 'Audit office, Example Org',
      decision: 'Shortlisting applicants for interview',
    };
    const detailsPanel = page.getByTestId('audit-report-details');
    await detailsPanel.locator('summary').click();
    for (const [key, value] of Object.entries(details)) await page.getByTestId(`report-${key}`).fill(value);
    await expect.poll(() => detailsPanel.getAttribute('data-save-state')).toBe('saved');
    expect(await detailsPanel.locator('summary').textContent().then(squash)).toContain(
      '3 of 11 filled, saved in the project',
    );
    await screenshot(page, 'audit-report-details');
    const detailsShown = () =>
      Promise.all(
        Object.keys(details).map(async (key) => [key, await page.getByTestId(`report-${key}`).inputValue()] as const),
      ).then(Object.fromEntries);
    await page.reload();
    await page.waitForSelector('[data-app-state="ready"]');
    await expect.poll(detailsShown, { timeout: 30_000 }).toEqual(details);
    await host.restart();
    await page.goto(`${host.url}#/projects/${projectId}/audit`);
    await page.waitForSelector('[data-app-state="ready"]');
    // The restart drops the page's connection; what it logged meanwhile is not this test's subject.
    session.errors.length = 0;
    await expect.poll(detailsShown, { timeout: 30_000 }).toEqual(details);
    await expect
      .poll(() => page.getByTestId('audit-tab').getAttribute('data-state'), { timeout: 120_000 })
      .toBe('ready');

    // In a browser the report comes down as a download; the project keeps its copy in reports/.
    const download = page.waitForEvent('download', { timeout: 120_000 });
    await page.getByTestId('audit-export').click();
    const exported = page.getByTestId('audit-exported');
    await exported.waitFor({ timeout: 120_000 });
    expect(await exported.textContent().then(squash)).toMatch(/downloaded by your browser/);
    const name = (await download).suggestedFilename();
    const pdfPath = path.join(host.dataDir, 'projects', projectId, 'reports', name);
    expect(existsSync(pdfPath!)).toBe(true);
    expect(readFileSync(pdfPath!).subarray(0, 5).toString()).toBe('%PDF-');
    expect(existsSync(pdfPath!.replace(/\.pdf$/, '.csv'))).toBe(true);
    expect(JSON.parse(readFileSync(pdfPath!.replace(/\.pdf$/, '.json'), 'utf8')).context).toMatchObject(details);
    expect(session.errors).toEqual([]);
  });
});
