import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { test as base } from 'vitest';
import { settingsSchema, type Preferences } from '../../shared/settings.js';
import { CONFIG_NAME } from '../../main/core/settings/settings-store.js';
import { artifactsDir, repoRoot } from '../helpers/paths.js';
import {
  connectWs,
  createSampleProject,
  launchBrowser,
  startHeadlessHost,
  type BrowserSession,
  type HeadlessHost,
  type WsClient,
} from './harness.js';

/**
 * One fixture for every end-to-end spec (vitest test.extend): each test gets a fresh data folder with seeded
 * preferences, the headless host on it, a WebSocket client and Chromium, each torn down after the test in reverse
 * order; a failing test leaves a Playwright trace in test-artifacts/<spec>--<test>.zip. `electron` launches the
 * desktop shell instead, and skips the test where the Electron binary is not installed (CI installs without it).
 *
 *   import { test } from './fixture.js';
 *   test('…', async ({ browser, ws }) => { … });
 *   describe('…', () => { test.override({ preferences: { jobsAtOnce: 2 }, viewport: { width: 1400, height: 1000 } }); … });
 */
export interface E2eFixtures {
  /** Preferences written to settings.json before the host starts (default: the app's defaults). */
  preferences: Partial<Preferences>;
  /** Chromium's window size for `browser` (default 1280 × 800). */
  viewport: { width: number; height: number };
  /** The test's data folder (removed afterwards). */
  dataDir: string;
  host: HeadlessHost;
  ws: WsClient;
  /** Chromium on the host's URL, ready (body[data-app-state="ready"]), traced. */
  browser: BrowserSession;
  /** The Electron shell on `dataDir`, and its first window once the app is ready. */
  electron: { app: ElectronApplication; window: Page };
}

/** test-artifacts file name of a test: spec file and test name, path-safe. */
function traceName(file: string, name: string): string {
  return `${path.basename(file, '.test.ts')}--${name}`.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 120);
}

/** The Electron binary of the installed electron package, or null where it was not downloaded. */
export function electronBinary(): string | null {
  try {
    const binary = createRequire(import.meta.url)('electron') as unknown;
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

export const test = base.extend<E2eFixtures>({
  preferences: [{}, { injected: false }],
  viewport: [{ width: 1280, height: 800 }, { injected: false }],
  dataDir: async ({ preferences }, use) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fairbound-e2e-'));
    writeFileSync(path.join(dir, `${CONFIG_NAME}.json`), JSON.stringify(settingsSchema.parse(preferences), null, 2));
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },
  host: async ({ dataDir }, use) => {
    // Specs import the files they write to the temp folder by path, which the host allows only for listed folders.
    const host = await startHeadlessHost({ dataDir, env: { FAIRBOUND_ALLOW_DIRS: os.tmpdir() } });
    try {
      await use(host);
    } finally {
      await host.stop();
    }
  },
  ws: async ({ host }, use) => {
    const ws = await connectWs(host);
    try {
      await use(ws);
    } finally {
      ws.close();
    }
  },
  browser: async ({ host, viewport, task }, use) => {
    const session = await launchBrowser(host.url, { viewport });
    try {
      await use(session);
    } finally {
      await session.close(task.result?.state === 'fail' ? traceName(task.file.name, task.name) : undefined);
    }
  },
  electron: async ({ dataDir, task, skip }, use) => {
    const executablePath = electronBinary();
    if (executablePath === null) return skip('the Electron binary is not installed');
    if (process.platform === 'linux' && !process.env['DISPLAY'] && !process.env['WAYLAND_DISPLAY'])
      return skip('no display for the Electron shell');
    const app = await _electron.launch({
      executablePath,
      args: [repoRoot, `--user-data-dir=${dataDir}`],
      cwd: repoRoot,
    });
    const context = app.context();
    await context.tracing.start({ screenshots: true, snapshots: true });
    try {
      const window = await app.firstWindow();
      await window.waitForSelector('[data-app-state="ready"]', { timeout: 30_000 });
      await use({ app, window });
    } finally {
      const failed = task.result?.state === 'fail';
      await context.tracing.stop(
        failed ? { path: path.join(artifactsDir, `${traceName(task.file.name, task.name)}.zip`) } : {},
      );
      await app.close();
    }
  },
});

export interface AppFixture {
  host: HeadlessHost;
  /** A WebSocket client of the same host, for set-up that is not the behaviour under test. */
  ws: WsClient;
  session: BrowserSession;
  page: Page;
  /** Creates a project from the bundled sample (imported), opens it on `tab` and resolves with its id. */
  openSample(tab?: 'data' | 'train' | 'audit'): Promise<string>;
}

/**
 * The fixture above with Chromium at 1,440 × 900 (tests may resize it) and a helper that opens the bundled sample as a
 * project: what the behaviour specs of the app's tabs share.
 */
export const appTest = test.extend<{ app: AppFixture; viewport: E2eFixtures['viewport'] }>({
  viewport: [{ width: 1440, height: 900 }, { injected: false }],
  app: async ({ host, ws, browser }, use) => {
    const { page } = browser;
    await use({
      host,
      ws,
      session: browser,
      page,
      async openSample(tab = 'data') {
        const id = await createSampleProject(ws, 'ACSIncome (Oklahoma)');
        await page.goto(`${host.url}#/projects/${id}/${tab}`);
        await page.waitForSelector('[data-app-state="ready"]');
        return id;
      },
    });
  },
});
