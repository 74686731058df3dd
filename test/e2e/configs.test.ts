import { readFile } from 'node:fs/promises';
import { describe, expect } from 'vitest';
import { SAMPLE_DATASET_FILE, taskConfigSchema } from '../../shared/config/task-config.js';
import { sampleCsv } from '../helpers/paths.js';
import { test } from './fixture.js';
import { createSampleProject, screenshot, squash } from './harness.js';

describe('config export / import (headless host, real Chromium)', () => {
  test('downloads a project as a config, and imports a config as a new project, asking for its data file', async ({
    ws,
    browser,
  }) => {
    const projectId = await createSampleProject(ws, 'Config e2e');
    const { page } = browser;
    await page.evaluate((hash) => (window.location.hash = hash), `#/projects/${projectId}/data`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-config').first().click(),
    ]);
    expect(download.suggestedFilename()).toBe('config-e2e.task.json');
    const exported = taskConfigSchema.parse(JSON.parse(await readFile((await download.path())!, 'utf8')));
    expect(exported.data.path).toBe(sampleCsv);
    expect(exported.groups.attributes[0]?.column).toBe('RAC1P');

    // A config written elsewhere names its data relatively: the app asks for the file, then opens the new project.
    const config = {
      ...exported,
      name: 'Imported from a config',
      data: { ...exported.data, path: SAMPLE_DATASET_FILE },
    };
    await page
      .getByTestId('import-config-input')
      .first()
      .setInputFiles({
        name: 'task.json',
        mimeType: 'application/json',
        buffer: Buffer.from(JSON.stringify(config)),
      });
    await page.getByTestId('pick-config-data').first().waitFor({ timeout: 30_000 });
    await page.getByTestId('import-config-data-input').first().setInputFiles(sampleCsv);
    await expect
      .poll(() => page.getByTestId('project-title').textContent().then(squash), { timeout: 120_000 })
      .toBe('Imported from a config');
    expect(await page.evaluate(() => window.location.hash)).not.toContain(projectId);
    await screenshot(page, 'configs-imported');
    expect(browser.errors).toEqual([]);
  });
});
