import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { taskConfigSchema } from '../../shared/config/task-config.js';
import { sampleCsv } from '../helpers/paths.js';
import { connectWs, createSampleProject, launchBrowser, screenshot, startHeadlessHost, type BrowserSession, type HeadlessHost } from './harness.js';

let host: HeadlessHost | undefined;
let session: BrowserSession | undefined;

afterEach(async () => {
  await session?.close();
  await host?.stop();
  session = undefined;
  host = undefined;
});

describe('config export / import (headless host, real Chromium)', () => {
  it('downloads a project as a config, and imports a config as a new project, asking for its data file', async () => {
    host = await startHeadlessHost();
    const ws = await connectWs(host);
    const projectId = await createSampleProject(ws, 'Config e2e');
    ws.close();

    session = await launchBrowser(host.url);
    const { page } = session;
    await page.evaluate((hash) => (window.location.hash = hash), `#/projects/${projectId}/data`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-config').first().click()]);
    expect(download.suggestedFilename()).toBe('config-e2e.task.json');
    const exported = taskConfigSchema.parse(JSON.parse(await readFile((await download.path())!, 'utf8')));
    expect(exported.data.path).toBe(sampleCsv);
    expect(exported.groups.attributes[0]?.column).toBe('RAC1P');

    // A config written elsewhere names its data relatively: the app asks for the file, then opens the new project.
    const config = { ...exported, name: 'Imported from a config', data: { ...exported.data, path: 'ACSIncome-OK-2018.csv' } };
    await page.getByTestId('import-config-input').first().setInputFiles({
      name: 'task.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(config)),
    });
    await page.getByTestId('pick-config-data').first().waitFor({ timeout: 30_000 });
    await page.getByTestId('import-config-data-input').first().setInputFiles(sampleCsv);
    await expect.poll(() => page.getByTestId('project-title').textContent(), { timeout: 120_000 }).toBe('Imported from a config');
    expect(await page.evaluate(() => window.location.hash)).not.toContain(projectId);
    await screenshot(page, 'configs-imported');
    expect(session.errors).toEqual([]);
  });
});
