import type { Page } from 'playwright-core';
import { test } from 'vitest';
import { connectWs, createSampleProject, launchBrowser, startHeadlessHost, type BrowserSession, type HeadlessHost, type WsClient } from './harness.js';

export interface AppFixture {
  host: HeadlessHost;
  /** A WebSocket client of the same host, for set-up that is not the behaviour under test. */
  ws: WsClient;
  session: BrowserSession;
  page: Page;
  /** Creates a project from the bundled sample (imported), opens it on `tab` and resolves with its id. */
  openSample(tab?: 'data' | 'train' | 'audit'): Promise<string>;
}

function slug(name: string): string {
  return name.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').slice(0, 80).toLowerCase();
}

/**
 * One headless host, a WebSocket client and a Chromium page per test (1,440 × 900 unless the test resizes), torn
 * down afterwards; when the test failed, a Playwright trace is saved to test-artifacts/trace-<test name>.zip.
 */
export const appTest = test.extend<{ app: AppFixture }>({
  app: async ({ task }, use) => {
    const host = await startHeadlessHost();
    const ws = await connectWs(host);
    const session = await launchBrowser(host.url, { viewport: { width: 1440, height: 900 } });
    const { page } = session;
    const app: AppFixture = {
      host,
      ws,
      session,
      page,
      async openSample(tab = 'data') {
        const id = await createSampleProject(ws, 'ACSIncome (Oklahoma)');
        await page.goto(`${host.url}#/projects/${id}/${tab}`);
        await page.waitForSelector('[data-app-state="ready"]');
        return id;
      },
    };
    try {
      await use(app);
    } finally {
      ws.close();
      await session.close(task.result?.state === 'fail' ? `trace-${slug(task.name)}` : undefined);
      await host.stop();
    }
  },
});
