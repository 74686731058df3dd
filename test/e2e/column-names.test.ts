import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect } from 'vitest';
import { appTest, type AppFixture } from './fixture.js';
import { screenshot, squash } from './harness.js';

/** A file without a header row (as UCI Adult ships): age, sex, income; DuckDB names its columns column0, 1, 2. */
async function headerlessFile(): Promise<string> {
  const lines: string[] = [];
  for (let i = 0; i < 600; i++)
    lines.push([20 + ((i * 37) % 50), i % 3 === 0 ? 'Female' : 'Male', i % 4 === 1 ? '>50K' : '<=50K'].join(', '));
  const file = path.join(os.tmpdir(), `fairbound-headerless-${process.pid}.data`);
  await writeFile(file, `${lines.join('\n')}\n`);
  return file;
}

async function openImported(app: AppFixture, file: string): Promise<string> {
  const created = await app.ws.invoke('projects:create', { name: 'Headerless' });
  if (!created.ok) throw new Error(created.error.message);
  const projectId = (created.data as { id: string }).id;
  const started = await app.ws.invoke('datasets:import', { projectId, source: { kind: 'path', path: file } });
  if (!started.ok) throw new Error(started.error.message);
  await expect
    .poll(async () => (await app.ws.invoke('datasets:summary', { projectId })).ok, { timeout: 60_000 })
    .toBe(true);
  await app.page.goto(`${app.host.url}#/projects/${projectId}/data`);
  await app.page.getByTestId('column-row').first().waitFor({ timeout: 30_000 });
  return projectId;
}

describe('naming the columns of a file without a header row (headless host, real Chromium)', () => {
  appTest(
    'pasted names replace column0…, the label follows, bad names are refused, and the names persist',
    async ({ app }) => {
      const { page } = app;
      await openImported(app, await headerlessFile());
      const columns = () =>
        page.getByTestId('column-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-column')));
      const generic = await columns();
      expect(generic).toHaveLength(3);
      expect(generic.every((n) => /^column\d+$/.test(n ?? ''))).toBe(true);
      // The file has no header, so the editor starts open, filled with the current names.
      const input = page.getByTestId('column-names-input');
      await expect.poll(() => input.inputValue()).toBe(generic.join('\n'));
      const label = await page.getByTestId('label-column').inputValue();
      expect(generic).toContain(label);

      // Two columns called "sex": refused with the reason, nothing renamed.
      await input.fill('age, sex, SEX');
      await page.getByTestId('column-names-apply').click();
      await expect
        .poll(async () => squash(await page.getByTestId('column-names-error').textContent()))
        .toBe('Column names: columns 2 and 3 are both named "SEX": names must be unique. Nothing was changed.');
      expect(await columns()).toEqual(generic);

      await input.fill('age, sex, income');
      await page.getByTestId('column-names-apply').click();
      await expect.poll(columns).toEqual(['age', 'sex', 'income']);
      expect(await page.getByTestId('column-names-error').count()).toBe(0);
      const renamedLabel = ['age', 'sex', 'income'][generic.indexOf(label)]!;
      await expect.poll(() => page.getByTestId('label-column').inputValue()).toBe(renamedLabel);
      await screenshot(page, 'data-column-names-1440');

      await page.reload();
      await page.getByTestId('column-row').first().waitFor({ timeout: 30_000 });
      expect(await columns()).toEqual(['age', 'sex', 'income']);
    },
  );
});
