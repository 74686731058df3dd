import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Download } from 'playwright-core';
import { describe, expect } from 'vitest';
import { modelCardSchema } from '../../shared/model-card.js';
import { sampleCsv } from '../helpers/paths.js';
import { test } from './fixture.js';
import { createSampleProject, screenshot, shortTraining, squash, trainJobs } from './harness.js';

describe('using a run outside the app (headless host, real Chromium, real engine)', () => {
  test.override({ viewport: { width: 1400, height: 1000 } });

  test('exports the shown run as ONNX with its model card, and scores an uploaded file', async ({
    ws,
    browser: session,
  }) => {
    const projectId = await createSampleProject(ws, 'Export e2e');
    await trainJobs(ws, projectId, shortTraining([8], 100), ['ssl-alm']);

    const { page } = session;
    await page.evaluate((id) => (window.location.hash = `#/projects/${id}/audit`), projectId);
    await page.getByTestId('model-actions').waitFor({ timeout: 60_000 });

    // In a browser the project folder is on the host: the model and its card also come down as downloads.
    const downloads: Download[] = [];
    page.on('download', (d) => downloads.push(d));
    await page.getByTestId('model-export').click();
    const exported = page.getByTestId('model-exported');
    await exported.waitFor({ timeout: 120_000 });
    await expect.poll(() => downloads.length, { timeout: 10_000 }).toBe(2);
    const text = (await exported.textContent().then(squash)) ?? '';
    const onnxPath = /Model written: (\S+\.onnx)/.exec(text)?.[1];
    const cardPath = /model card: (\S+\.model-card\.json)/.exec(text)?.[1];
    expect(onnxPath && existsSync(onnxPath)).toBe(true);
    expect(downloads.map((d) => d.suggestedFilename())).toEqual([path.basename(onnxPath!), path.basename(cardPath!)]);
    expect(readFileSync((await downloads[0]!.path())!).equals(readFileSync(onnxPath!))).toBe(true);
    const card = modelCardSchema.parse(JSON.parse(readFileSync(cardPath!, 'utf8')));
    expect(card.data.file).toBe('ACSIncome-OK-2018.csv');
    expect(card.constraints.length).toBeGreaterThan(0);

    // The first 250 rows of the sample, uploaded like any file.
    const rows = readFileSync(sampleCsv, 'utf8').split('\n').slice(0, 251).join('\n');
    await page
      .getByTestId('model-score-input')
      .setInputFiles({ name: 'applicants.csv', mimeType: 'text/csv', buffer: Buffer.from(`${rows}\n`) });
    const scored = page.getByTestId('model-scored');
    await scored.waitFor({ timeout: 120_000 });
    const scoredText = (await scored.textContent().then(squash)) ?? '';
    expect(scoredText).toMatch(/^\s*250 rows scored/);
    const outPath = /(\S+\.csv)/.exec(scoredText)?.[1];
    const lines = readFileSync(outPath!, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('score,prediction,group');
    expect(lines).toHaveLength(251);
    await expect.poll(() => downloads.length, { timeout: 10_000 }).toBe(3);
    expect(downloads[2]!.suggestedFilename()).toBe(path.basename(outPath!));
    expect(readFileSync((await downloads[2]!.path())!, 'utf8')).toBe(readFileSync(outPath!, 'utf8'));
    await screenshot(page, 'model-actions');
    expect(session.errors).toEqual([]);
  });
});
