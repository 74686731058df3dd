import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { sampleCsv } from '../helpers/paths.js';
import { test } from './fixture.js';
import { createProject, importByPath, screenshot, squash, type WsClient } from './harness.js';

/** Expected counts computed straight from the CSV text, independently of DuckDB. */
async function expectedIntersections(): Promise<Record<string, number>> {
  const lines = (await readFile(sampleCsv, 'utf8')).trim().split('\n').slice(1);
  const out: Record<string, number> = {};
  for (const line of lines) {
    const f = line.split(',');
    const race = Number(f[9]) === 1 ? 'White' : 'Non-white';
    const sex = Number(f[8]) === 1 ? 'Male' : 'Female';
    const key = `${race} × ${sex}`;
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

/** An empty project, opened on its Data tab. */
async function openNewProject(ws: WsClient, page: Page, name: string): Promise<string> {
  const id = await createProject(ws, name);
  await page.evaluate((hash) => (window.location.hash = hash), `#/projects/${id}/data`);
  return id;
}

describe('data tab (headless host, real Chromium)', () => {
  test.override({ viewport: { width: 1400, height: 1000 } });

  test('drop a CSV, set roles and a label rule, define RAC1P White/Non-white × SEX, see the group table and split', async ({
    ws,
    browser: session,
  }) => {
    const { page } = session;
    const id = await openNewProject(ws, page, 'Drag and drop');
    await page.getByTestId('no-dataset').waitFor();

    // Drag the sample in: a File built in the page from the CSV text, delivered by a drop event.
    const text = await readFile(sampleCsv, 'utf8');
    await page.evaluate((csv) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([csv], 'ACSIncome-OK-2018.csv', { type: 'text/csv' }));
      const zone = document.querySelector('[data-testid="dataset-drop"]')!;
      zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, text);
    await expect
      .poll(() => page.getByTestId('dataset-rows').textContent().then(squash), { timeout: 60_000 })
      .toBe('17,917 rows');
    expect(await page.getByTestId('dataset-columns').textContent().then(squash)).toBe('11 columns');
    expect(await page.getByTestId('column-row').count()).toBe(11);
    await screenshot(page, 'dataset-01-imported');

    // Roles: the suggested draft picks PINCP as label; make RAC1P protected and SEX protected but kept as a feature.
    const role = (column: string) =>
      page.locator(`[data-testid="column-row"][data-column="${column}"] [data-testid="role-select"]`);
    await expect.poll(() => role('PINCP').inputValue()).toBe('label');
    await role('SEX').selectOption('feature');
    await role('RAC1P').selectOption('protected');
    await role('SEX').selectOption('protected-feature');
    await expect
      .poll(() => page.locator('[data-column="SEX"] [data-testid="column-warnings"]').textContent().then(squash))
      .toContain('also used as a feature');

    // Label as a numeric rule on the boolean column: PINCP == 1.
    await page.getByTestId('label-mode-rule').check();
    await page.getByTestId('label-rule').fill('== 1');
    await expect
      .poll(() => page.getByTestId('label-base-rate').getAttribute('data-base-rate'), { timeout: 30_000 })
      .toBe('0.2824');

    // Subgroups: map RAC1P 1 → White, everything else → Non-white; SEX 1/2 → Male/Female.
    const attribute = (column: string) => page.locator(`[data-testid="group-attribute"][data-column="${column}"]`);
    await attribute('RAC1P').getByTestId('group-mode').selectOption('map');
    await attribute('RAC1P').locator('[data-testid="map-entry"][data-value="1"]').fill('White');
    await attribute('RAC1P').locator('[data-testid="map-entry"][data-value="1"]').press('Tab');
    await attribute('RAC1P').getByTestId('map-rest').fill('Non-white');
    await attribute('RAC1P').getByTestId('map-rest').press('Tab');
    await attribute('SEX').getByTestId('group-mode').selectOption('map');
    const sexEntry = (v: string) => attribute('SEX').locator(`[data-testid="map-entry"][data-value="${v}"]`);
    await sexEntry('1').fill('Male');
    await sexEntry('1').press('Tab');
    await sexEntry('2').fill('Female');
    await sexEntry('2').press('Tab');

    const expected = await expectedIntersections();
    const rows = page.getByTestId('group-row');
    await expect
      .poll(
        async () =>
          Object.fromEntries(
            await rows.evaluateAll((els) =>
              els.map((e) => [e.getAttribute('data-group'), Number(e.getAttribute('data-count'))]),
            ),
          ),
        {
          timeout: 30_000,
        },
      )
      .toEqual(expected);
    // Split sizes per intersection: the suggested split is three-way (test 0.2, validation 0.2), so train shares follow
    // the stratified allocation at about 60 % of each group.
    const splitRows = page.getByTestId('split-row');
    await expect
      .poll(async () => (await splitRows.evaluateAll((els) => els.map((e) => e.getAttribute('data-group')))).sort(), {
        timeout: 30_000,
      })
      .toEqual(Object.keys(expected).sort());
    for (const [group, count] of Object.entries(expected)) {
      const train = Number(
        await page.locator(`[data-testid="split-row"][data-group="${group}"]`).getAttribute('data-train'),
      );
      expect(Math.abs(train - 0.6 * count)).toBeLessThanOrEqual(2);
    }
    await expect
      .poll(() => page.getByTestId('split-total-train').textContent().then(squash), { timeout: 30_000 })
      .toBe('10,749');
    expect(await page.getByTestId('split-total-validation').textContent().then(squash)).toBe('3,584');
    expect(await page.getByTestId('split-total-test').textContent().then(squash)).toBe('3,584');
    await page.getByTestId('groups-editor').scrollIntoViewIfNeeded();
    await screenshot(page, 'dataset-02-groups');

    // The virtualised preview fetches the window around the scroll position.
    const preview = page.getByTestId('preview');
    await preview.evaluate((el) => (el.scrollTop = el.scrollHeight));
    await expect.poll(() => page.getByTestId('preview-row').last().textContent().then(squash)).toMatch(/^17917/);
    await screenshot(page, 'dataset-03-preview');

    // The draft is in project.json for training to use.
    const project = await ws.invoke('projects:get', { id });
    expect(project.ok && (project.data as { task: unknown }).task).toMatchObject({
      data: { label: { column: 'PINCP', rule: '== 1' }, protectedAsFeatures: ['SEX'] },
      groups: {
        attributes: [
          { column: 'RAC1P', map: { '1': 'White', '*': 'Non-white' } },
          { column: 'SEX', map: { '1': 'Male', '2': 'Female' } },
        ],
        intersect: true,
      },
    });
    expect(session.errors).toEqual([]);
  });

  test('a malformed file chosen with the file dialog shows the error naming the row; the project stays empty', async ({
    ws,
    browser: { page },
  }) => {
    await openNewProject(ws, page, 'Bad file');
    await page.getByTestId('no-dataset').waitFor();
    await page
      .getByTestId('file-input')
      .setInputFiles({ name: 'ragged.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b,c\n1,2,3\n4,5\n') });
    const error = page.getByTestId('import-error').getByTestId('error-box');
    await expect.poll(() => error.getAttribute('data-error-code'), { timeout: 30_000 }).toBe('dataset-malformed');
    expect(await error.textContent().then(squash)).toContain('line 3');
    await screenshot(page, 'dataset-04-malformed');
    expect(await page.getByTestId('no-dataset').isVisible()).toBe(true);
  });

  test('says when the original file changed or went missing, and re-imports it from its path (a broken file changes nothing)', async ({
    ws,
    browser: session,
  }) => {
    const id = await createProject(ws, 'Source changes');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'fairbound-e2e-source-'));
    const file = path.join(dir, 'people.csv');
    const rows = (n: number) =>
      [
        'id,sex,age,income',
        ...Array.from(
          { length: n },
          (_, i) => `${i},${i % 2 ? 'male' : 'female'},${20 + (i % 40)},${i % 3 ? 'low' : 'high'}`,
        ),
      ].join('\n') + '\n';
    const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
    const original = rows(60);
    await writeFile(file, original);
    // A file picked by path, as the Electron shell hands it over (a browser upload has no original to compare).
    await importByPath(ws, id, file);

    const { page } = session;
    await page.evaluate((hash) => (window.location.hash = hash), `#/projects/${id}/data`);
    const tab = page.getByTestId('data-tab');
    await expect
      .poll(() => page.getByTestId('dataset-rows').textContent().then(squash), { timeout: 30_000 })
      .toBe('60 rows');
    await expect.poll(() => tab.getAttribute('data-source')).toBe('unchanged');
    expect(await page.getByTestId('source-status').count()).toBe(0);

    // Edited elsewhere; coming back to the window checks again.
    const edited = rows(75);
    await writeFile(file, edited);
    const refocus = () => page.evaluate(() => window.dispatchEvent(new Event('focus')));
    await refocus();
    const banner = page.getByTestId('source-status');
    await expect.poll(() => banner.getAttribute('data-status'), { timeout: 30_000 }).toBe('changed');
    expect(await page.getByTestId('source-imported-sha').textContent().then(squash)).toBe(sha256(original));
    expect(await banner.textContent().then(squash)).toContain('What this means');
    expect(await page.getByTestId('source-size').textContent().then(squash)).toContain(
      `${edited.length.toLocaleString('en-US')} bytes`,
    );
    await screenshot(page, 'dataset-05-source-changed');

    // A broken file: the re-import reports the import's own error and the project keeps the imported version.
    await writeFile(file, 'id,sex,age,income\n1,male,30,low\n2,female\n');
    await page.getByTestId('source-reimport').click();
    const error = page.getByTestId('reimport-error').getByTestId('error-box');
    await expect.poll(() => error.getAttribute('data-error-code'), { timeout: 30_000 }).toBe('dataset-malformed');
    expect(await page.getByTestId('dataset-rows').textContent().then(squash)).toBe('60 rows');
    expect(await banner.getAttribute('data-status')).toBe('changed');
    await screenshot(page, 'dataset-06-reimport-failed');

    await writeFile(file, edited);
    await page.getByTestId('source-reimport').click();
    await expect
      .poll(() => page.getByTestId('dataset-rows').textContent().then(squash), { timeout: 30_000 })
      .toBe('75 rows');
    await expect.poll(() => tab.getAttribute('data-source')).toBe('unchanged');
    expect(await banner.count()).toBe(0);
    const project = await ws.invoke('projects:get', { id });
    expect(project.ok && (project.data as { dataset: { sha256: string } }).dataset.sha256).toBe(sha256(edited));

    await rm(dir, { recursive: true });
    await refocus();
    await expect.poll(() => banner.getAttribute('data-status'), { timeout: 30_000 }).toBe('missing');
    expect(await banner.textContent().then(squash)).toContain(file);
    expect(await page.getByTestId('source-reimport').count()).toBe(0);
    await screenshot(page, 'dataset-07-source-missing');
    expect(session.errors).toEqual([]);
  });
});
