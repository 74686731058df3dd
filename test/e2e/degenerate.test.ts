import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect } from 'vitest';
import { test } from './fixture.js';
import { createProject, importByPath, screenshot, shortTraining, squash, trainJobs } from './harness.js';

/** 800 rows, 5 % positives unrelated to the features: a trained model predicts "negative" for everyone at 0.5. */
function imbalancedCsv(): string {
  let s = 7;
  const random = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const lines = ['x1,x2,grp,y'];
  for (let i = 0; i < 800; i++)
    lines.push(`${random().toFixed(3)},${random().toFixed(3)},${i % 2 ? 'A' : 'B'},${random() < 0.05 ? 1 : 0}`);
  return `${lines.join('\n')}\n`;
}

describe('a degenerate model (headless host, real Chromium, real engine)', () => {
  test.override({ viewport: { width: 1400, height: 1000 } });

  test('is flagged in the results table, the live monitor and the audit tab, and its rate constraint reads trivial, never satisfied', async ({
    dataDir,
    ws,
    browser: session,
  }) => {
    // The test's data folder is under the temp folder, which the fixture's host allows imports from.
    const file = path.join(dataDir, 'imbalanced.csv');
    await writeFile(file, imbalancedCsv());
    const projectId = await createProject(ws, 'Degenerate');
    await importByPath(ws, projectId, file);
    const draft = await ws.invoke('datasets:save-draft', {
      projectId,
      data: { label: { column: 'y', positive: ['1'] }, protectedAsFeatures: [] },
      split: { test: 0.3, validation: 0.2, seed: 1, stratify: true },
      groups: { attributes: [{ column: 'grp' }], intersect: true, minSize: 30 },
    });
    expect(draft.ok).toBe(true);
    await trainJobs(
      ws,
      projectId,
      {
        ...shortTraining([8], 300),
        constraints: [{ kind: 'positive-rate-gap', topology: 'pairwise', tolerance: 0.05 }],
        backend: 'cpu',
      },
      ['ssl-alm'],
    );

    const { page } = session;
    await page.evaluate((hash) => (window.location.hash = hash), `#/projects/${projectId}/train`);
    // Results table: the warning next to the run, the rate constraint trivial (∅), never ✓ satisfied.
    const row = page.getByTestId('run-row').first();
    await row.waitFor({ timeout: 60_000 });
    await expect
      .poll(() => row.getByTestId('run-warning').first().textContent().then(squash))
      .toContain('single-class-predictions');
    expect(await row.getByTestId('cell-verdicts').textContent().then(squash)).toContain('1 ∅');
    expect(await row.locator('[data-verdict]').getAttribute('data-verdict')).toBe('trivial');
    expect(await row.locator('[data-verdict="satisfied"]').count()).toBe(0);
    expect(await row.getByTestId('cell-iterate').textContent().then(squash)).toMatch(/^iteration [\d,]+ of 300$/);
    // Live monitor of the finished job: the same warning.
    await expect
      .poll(() => page.getByTestId('monitor-warning').first().textContent().then(squash))
      .toContain('single-class-predictions');
    // What the test split can certify, next to the tolerance.
    await expect
      .poll(() => page.getByTestId('constraint-certifiability').textContent().then(squash), { timeout: 60_000 })
      .toMatch(
        /^Test split: with \d+ test rows in [AB], gaps below ≈ [\d.]+ percentage points cannot be told from noise; to certify 5\.0 percentage points you need ≈ [\d,]+ test rows\.$/,
      );
    // And, before training, the label-imbalance warning that predicted it.
    expect(await page.getByTestId('label-imbalance').textContent().then(squash)).toMatch(
      /only [\d.]+ % of the labels are positive: at the fixed threshold 0\.5/,
    );
    await page.getByTestId('runs-comparison').scrollIntoViewIfNeeded();
    await screenshot(page, 'degenerate-01-train');

    // Audit tab: warning first, verdict trivial, no "satisfied" claim.
    await page.getByTestId('tab-audit').click();
    await page.getByTestId('audit-certificate').waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('audit-warning').textContent().then(squash)).toContain('single-class-predictions');
    expect(
      await page
        .getByTestId('audit-certificate')
        .locator('[data-verdict]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-verdict'))),
    ).not.toContain('satisfied');
    expect(await page.getByTestId('audit-certificate').locator('[data-verdict="trivial"]').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('audit-verdict').textContent().then(squash)).toMatch(
      /Not every constraint is shown to hold/,
    );
    // The group table's four-fifths column: never pass or fail for this model; it selects nobody, so no group has an
    // impact ratio, and the table says why.
    const fifths = page.getByTestId('four-fifths');
    await fifths.first().waitFor();
    const verdicts = await fifths.evaluateAll((els) => els.map((e) => e.getAttribute('data-verdict')));
    expect(verdicts.length).toBeGreaterThan(0);
    expect(verdicts.filter((v) => v === 'pass' || v === 'fail')).toEqual([]);
    expect(
      await page
        .locator('[data-testid="audit-group-row"] [data-metric="impactRatio"]')
        .first()
        .textContent()
        .then(squash),
    ).toBe('n/a (highest selection rate is 0)');
    // The LL144 panel says why its selection-rate impact ratios cannot support a four-fifths finding.
    expect(await page.getByTestId('ll144-caveat').textContent().then(squash)).toMatch(
      /^The selection-rate impact ratios cannot support a four-fifths finding: degenerate model \(predicts negative/,
    );
    await screenshot(page, 'degenerate-02-audit');
    expect(session.errors).toEqual([]);
  });
});
