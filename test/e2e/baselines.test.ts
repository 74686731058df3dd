import { describe, expect } from 'vitest';
import type { AuditableRun } from '../../shared/ipc/channels/audit.js';
import { appTest } from './fixture.js';
import { screenshot, squash } from './harness.js';

describe("practitioners' baselines as methods (headless host, real Chromium, real engine)", () => {
  appTest(
    'picks reductions and post-processing in the Train tab, trains them on the sample, compares them and audits one',
    async ({ app }) => {
      const { page, ws } = app;
      const projectId = await app.openSample('train');
      await page.getByTestId('fairness-setup').waitFor();
      const text = async (id: string) => squash(await page.getByTestId(id).first().textContent());

      // Post-processing on the sample's default loss-gap constraint: the tab says why it cannot run that.
      await page.getByTestId('solver-select').selectOption('threshold-optimizer');
      await expect
        .poll(() => text('solver-constraint-issue'))
        .toBe('"threshold-optimizer" enforces positive-rate-gap or equalized-odds constraints, not loss-gap');
      expect(await text('solver-requirement')).toBe(
        "Prediction: Needs each person's protected attribute at prediction time: the thresholds differ by group.",
      );
      // Demographic parity within 5 points is a task both methods take.
      await page.getByTestId('constraint-kind').first().selectOption('positive-rate-gap');
      await page.getByTestId('constraint-tolerance').first().fill('0.05');
      await expect.poll(() => page.getByTestId('solver-constraint-issue').count()).toBe(0);
      await page.getByTestId('budget-seconds').fill('3');
      await page.getByTestId('runs').fill('1');
      await expect.poll(() => page.getByTestId('train-tab').getAttribute('data-save-state')).toBe('saved');

      await page.getByTestId('sweep-toggle').click();
      await page.getByTestId('sweep-solver-exponentiated-gradient').check();
      await page.getByTestId('sweep-solver-threshold-optimizer').check();
      await expect.poll(() => page.getByTestId('start-sweep').textContent().then(squash)).toContain('Queue 2 jobs');
      await page.getByTestId('start-sweep').click();

      // Both finish as ordinary runs: a row each in the results table with test verdicts, and a point each on the Pareto view.
      const rows = page.getByTestId('run-row');
      await expect.poll(() => rows.count(), { timeout: 180_000 }).toBe(2);
      expect(
        (
          await rows.evaluateAll((els) =>
            els.map((e) => `${e.getAttribute('data-solver')}:${e.getAttribute('data-status')}`),
          )
        ).sort(),
      ).toEqual(['exponentiated-gradient:completed', 'threshold-optimizer:completed']);
      for (const row of await rows.all()) {
        const verdicts = await row
          .locator('[data-verdict]')
          .evaluateAll((els) => els.map((e) => e.getAttribute('data-verdict')));
        expect(verdicts).toHaveLength(1);
        expect(['satisfied', 'inconclusive', 'violated']).toContain(verdicts[0]);
        expect(Number(await row.getByTestId('cell-accuracy').textContent().then(squash))).toBeGreaterThan(0.5);
        // Their runs hold drawn 0/1 decisions: no loss to compare with the networks' is shown.
        expect(await row.getByTestId('cell-loss').textContent().then(squash)).toBe('—');
      }
      await expect
        .poll(async () => Number(await page.getByTestId('chart-pareto').getAttribute('data-points')))
        .toBeGreaterThanOrEqual(2);
      await screenshot(page, 'baselines-00-compared');

      // The audit of the post-processed run: its certificate, and what predicting with it requires.
      const runs = await ws.invoke('audit:runs', { projectId });
      expect(runs.ok).toBe(true);
      const listed = (runs as { ok: true; data: AuditableRun[] }).data;
      expect(listed.map((r) => r.solver).sort()).toEqual(['exponentiated-gradient', 'threshold-optimizer']);
      const postProcessed = listed.find((r) => r.solver === 'threshold-optimizer')!;
      await page.goto(`${app.host.url}#/projects/${projectId}/audit`);
      await page.getByTestId('audit-run').waitFor();
      await page.getByTestId('audit-run').selectOption(postProcessed.ref);
      await expect
        .poll(() => text('audit-requirement'), { timeout: 30_000 })
        .toContain("Needs each person's protected attribute at prediction time");
      expect(await text('model-not-exportable')).toMatch(/cannot be exported as ONNX or score a file here/);
      expect(await page.getByTestId('model-export').count()).toBe(0);
      await expect
        .poll(() => text('audit-certificate'), { timeout: 120_000 })
        .toMatch(/satisfied|violated|inconclusive/);
      await screenshot(page, 'baselines-01-audit');
    },
  );
});
