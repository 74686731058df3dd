import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { appTest, type AppFixture } from './fixture.js';
import { createProject, importByPath, screenshot } from './harness.js';

/**
 * A bank-marketing-like file (semicolon-separated, yes/no flags): "default" is a rare yes/no flag (≈ 2 %), "y" the
 * outcome (≈ 12 %, last column), "duration" a call length known only after the call.
 */
async function bankFile(): Promise<string> {
  const lines = ['age;job;default;balance;duration;y'];
  for (let i = 0; i < 3000; i++) {
    const jobs = ['admin.', 'technician', 'services', 'management', 'retired'];
    lines.push(
      [
        25 + ((i * 37) % 50),
        jobs[i % 5],
        i % 50 === 7 ? 'yes' : 'no',
        (i * 7919) % 5000,
        // Calls that end in a yes run longer (as in the real bank-marketing data): a measured signal, not just a name.
        (i % 8 === 3 ? 120 : 0) + ((i * 7919) % 400),
        i % 8 === 3 ? 'yes' : 'no',
      ].join(';'),
    );
  }
  const file = path.join(os.tmpdir(), `fairbound-bank-${process.pid}.csv`);
  await writeFile(file, `${lines.join('\n')}\n`);
  return file;
}

async function openImported(app: AppFixture, file: string): Promise<string> {
  const projectId = await createProject(app.ws, 'Bank');
  await importByPath(app.ws, projectId, file);
  await app.page.goto(`${app.host.url}#/projects/${projectId}/data`);
  await app.page.getByTestId('column-row').first().waitFor({ timeout: 30_000 });
  return projectId;
}

const role = (page: Page, column: string) =>
  page.locator(`[data-testid="column-row"][data-column="${column}"]`).getAttribute('data-role');

describe('data set-up (headless host, real Chromium)', () => {
  appTest('picks the outcome-like label, and a label replaced by another goes back to Feature', async ({ app }) => {
    const { page } = app;
    await openImported(app, await bankFile());
    expect(await page.getByTestId('label-column').inputValue()).toBe('y');
    expect(await role(page, 'default')).toBe('feature');
    // Switch the label to "default" and back: "y" returns to its starting role (Feature), so does "default".
    await page.getByTestId('label-column').selectOption('default');
    await expect.poll(() => role(page, 'default')).toBe('label');
    expect(await role(page, 'y')).toBe('feature');
    await page.getByTestId('label-column').selectOption('y');
    await expect.poll(() => role(page, 'y')).toBe('label');
    expect(await role(page, 'default')).toBe('feature');
  });

  appTest(
    'warns in the Data tab about the imbalanced label, the 0.5 threshold and a column recorded after the outcome',
    async ({ app }) => {
      const { page } = app;
      await openImported(app, await bankFile());
      const warnings = page.getByTestId('data-warning');
      await expect
        .poll(() => warnings.evaluateAll((els) => els.map((e) => e.getAttribute('data-kind'))), { timeout: 30_000 })
        .toEqual(['imbalance', 'threshold', 'leakage']);
      const text = (await warnings.allTextContents()).join('\n');
      expect(text).toMatch(/only 12\.5 % of rows are positive/);
      expect(text).toMatch(/threshold of 0\.5 is likely to predict negative for nearly everyone/);
      expect(text).toMatch(/Is duration known only after the outcome\? .* AUC of 0\.\d\d/);
      await screenshot(page, 'data-warnings-1440');
    },
  );

  appTest(
    'a yes/no label shows the file’s own values, and an imported config positive "yes" is ticked',
    async ({ app }) => {
      const { page, ws } = app;
      const projectId = await openImported(app, await bankFile());
      const saved = await ws.invoke('projects:get', { id: projectId });
      if (!saved.ok) throw new Error(saved.error.message);
      const task = (
        saved.data as {
          task: { data: Record<string, unknown>; split: Record<string, unknown>; groups?: Record<string, unknown> };
        }
      ).task;
      const { path: _path, ...data } = task.data;
      await ws.invoke('datasets:save-draft', {
        projectId,
        data: { ...data, label: { column: 'y', positive: ['yes'] } },
        split: task.split,
        groups: task.groups ?? null,
      });
      await page.reload();
      const values = page.getByTestId('label-values');
      await values.waitFor();
      const box = (value: string) => values.locator(`input[data-value="${value}"]`);
      // The file's own values, not True/False, and the configured "yes" ticked.
      expect(
        (await values.locator('input').evaluateAll((els) => els.map((e) => e.getAttribute('data-value')))).sort(),
      ).toEqual(['no', 'yes']);
      await expect.poll(() => box('yes').isChecked()).toBe(true);
      expect(await box('no').isChecked()).toBe(false);
      expect(await page.getByTestId('label-base-rate').getAttribute('data-base-rate')).toBe('0.1250');
    },
  );

  appTest('the group editor resets its picker, says where blank map entries go, and names bins', async ({ app }) => {
    const { page } = app;
    await app.openSample('data');
    const picker = page.getByTestId('add-attribute');
    await picker.waitFor();
    await picker.selectOption('SEX');
    await expect.poll(() => page.locator('[data-testid="group-attribute"][data-column="SEX"]').count()).toBe(1);
    expect(await picker.inputValue()).toBe('');

    // RAC1P maps 1 → White and everything else → Non-white: a blank entry joins Non-white, and says so.
    const blank = page.locator(
      '[data-testid="group-attribute"][data-column="RAC1P"] [data-testid="map-entry"][data-value="2"]',
    );
    expect(await blank.getAttribute('placeholder')).toBe('(joins “Non-white”)');

    // AGEP in bins, the middle one named: the group table uses the name.
    await picker.selectOption('AGEP');
    const agep = page.locator('[data-testid="group-attribute"][data-column="AGEP"]');
    await agep.getByTestId('group-mode').selectOption('bins');
    await agep.getByTestId('bin-edges').fill('17, 25, 65');
    await expect.poll(() => agep.getByTestId('bin-label').count()).toBe(3);
    await agep.getByTestId('bin-label').nth(1).fill('working age');
    await agep.getByTestId('bin-label').nth(1).blur();
    await page.getByTestId('intersect').uncheck();
    await expect
      .poll(() => page.locator('[data-testid="group-row"][data-group="working age"]').count(), { timeout: 30_000 })
      .toBe(1);
    expect(await page.locator('[data-testid="group-row"][data-group="[25, 65)"]').count()).toBe(0);
  });
});
