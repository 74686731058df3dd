import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect } from 'vitest';
import { test } from './fixture.js';
import { createProject, screenshot, squash } from './harness.js';

describe('projects on the home screen (headless host, real Chromium)', () => {
  test('creates from the sample, renames, survives a host restart, duplicates and deletes the copy', async ({
    host,
    browser: session,
  }) => {
    const { page } = session;

    await page.getByTestId('empty-state').waitFor();
    await screenshot(page, 'projects-01-empty');
    await page.getByTestId('create-from-sample').click();
    await expect
      .poll(() => page.getByTestId('project-title').textContent().then(squash), { timeout: 60_000 })
      .toBe('ACSIncome (Oklahoma)');
    await screenshot(page, 'projects-02-created');

    await page.getByTestId('back-home').click();
    const card = page.getByTestId('project-card');
    await expect.poll(() => card.count()).toBe(1);
    const id = await card.first().getAttribute('data-project-id');
    expect(id).toMatch(/^[a-z0-9-]+$/);
    await expect.poll(() => card.first().textContent().then(squash)).toContain('ACSIncome-OK-2018.csv');

    await card.first().getByTestId('rename').click();
    await page.getByTestId('dialog-input').fill('Oklahoma income');
    await page.getByTestId('confirm').click();
    await expect
      .poll(() => card.first().getByTestId('project-name').textContent().then(squash))
      .toBe('Oklahoma income');

    await host.restart();
    await page.goto(host.url);
    await page.waitForSelector('[data-app-state="ready"]');
    // The old page's reconnect attempts while the host was down are expected console errors.
    session.errors.length = 0;
    await expect.poll(() => page.getByTestId('project-name').allTextContents()).toEqual(['Oklahoma income']);
    await screenshot(page, 'projects-03-after-restart');

    await page.getByTestId('project-card').first().getByTestId('duplicate').click();
    await expect
      .poll(() =>
        page
          .getByTestId('project-name')
          .allTextContents()
          .then((n) => n.sort()),
      )
      .toEqual(['Oklahoma income', 'Oklahoma income (copy)']);
    const copy = page.locator('[data-testid="project-card"]', { hasText: 'Oklahoma income (copy)' });
    const copyId = await copy.getAttribute('data-project-id');
    expect(copyId).not.toBe(id);
    await screenshot(page, 'projects-04-duplicated');

    await copy.getByTestId('delete').click();
    await page.getByTestId('dialog').waitFor();
    await screenshot(page, 'projects-05-confirm-delete');
    await page.getByTestId('confirm').click();
    await expect.poll(() => page.getByTestId('project-name').allTextContents()).toEqual(['Oklahoma income']);
    expect(existsSync(path.join(host.dataDir, 'projects', copyId ?? 'missing'))).toBe(false);
    expect(existsSync(path.join(host.dataDir, 'projects', id ?? 'missing', 'project.json'))).toBe(true);
    expect(session.errors).toEqual([]);
  });

  test('lists a damaged project with a clear error and keeps the others usable', async ({
    host,
    ws,
    browser: session,
  }) => {
    const ids: string[] = [];
    for (const name of ['Alpha', 'Beta', 'Gamma']) ids.push(await createProject(ws, name));
    const victim = ids[1]!;
    await writeFile(
      path.join(host.dataDir, 'projects', victim, 'project.json'),
      '{"schemaVersion": 2, "name": "Beta", "jobs": [',
    );

    const { page } = session;
    await page.reload();
    await page.waitForSelector('[data-app-state="ready"]');
    const damaged = page.locator(`[data-project-id="${victim}"]`);
    await expect.poll(() => damaged.getAttribute('data-status')).toBe('damaged');
    expect(await damaged.getByTestId('project-name').textContent().then(squash)).toBe('Beta');
    const error = await damaged.getByTestId('project-error').textContent().then(squash);
    expect(error).toContain('Project file damaged');
    expect(error).toContain('not valid JSON');
    expect(
      await page
        .locator('[data-status="ok"]')
        .getByTestId('project-name')
        .allTextContents()
        .then((n) => n.sort()),
    ).toEqual(['Alpha', 'Gamma']);
    await screenshot(page, 'projects-06-damaged');

    await page.locator('[data-status="ok"]', { hasText: 'Gamma' }).getByTestId('open').click();
    await expect.poll(() => page.getByTestId('project-title').textContent().then(squash)).toBe('Gamma');
  });
});
