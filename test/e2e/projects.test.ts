import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Project } from '../../shared/project.js';
import {
  connectWs,
  launchBrowser,
  screenshot,
  squash,
  startHeadlessHost,
  type BrowserSession,
  type HeadlessHost,
} from './harness.js';

let host: HeadlessHost | undefined;
let session: BrowserSession | undefined;

afterEach(async (context) => {
  await session?.close(
    context.task.result?.state === 'fail' ? `trace-${context.task.name.slice(0, 40).replace(/\W+/g, '-')}` : undefined,
  );
  await host?.stop();
  session = undefined;
  host = undefined;
});

describe('projects on the home screen (headless host, real Chromium)', () => {
  it('creates from the sample, renames, survives a host restart, duplicates and deletes the copy', async () => {
    host = await startHeadlessHost();
    session = await launchBrowser(host.url);
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

  it('lists a damaged project with a clear error and keeps the others usable', async () => {
    host = await startHeadlessHost();
    const ws = await connectWs(host);
    const created: Project[] = [];
    for (const name of ['Alpha', 'Beta', 'Gamma']) {
      const result = await ws.invoke('projects:create', { name });
      if (!result.ok) throw new Error(result.error.message);
      created.push(result.data as Project);
    }
    ws.close();
    const victim = created[1];
    if (victim === undefined) throw new Error('no project');
    await writeFile(
      path.join(host.dataDir, 'projects', victim.id, 'project.json'),
      '{"schemaVersion": 1, "name": "Beta", "runs": [',
    );

    session = await launchBrowser(host.url);
    const { page } = session;
    const damaged = page.locator(`[data-project-id="${victim.id}"]`);
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
