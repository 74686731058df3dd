import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../../../shared/ipc/contract.js';
import { repoRoot } from '../../helpers/paths.js';

const fixtures = path.join(repoRoot, 'test/main/electron/fixtures');

interface Driven {
  schemes: { scheme: string; privileges: Record<string, boolean> }[];
  schemesRegisteredBeforeReady: boolean;
  loadedUrl: string;
  webPreferences: Record<string, unknown>;
  channels: string[];
  index: { status: number; csp: string | null; body: string };
  escapeStatus: number;
  foreignHostStatus: number;
  info: { ok: boolean; data?: { transport: string; dataDir: string } };
  bad: { ok: boolean; error?: { code: string } };
  foreign: { ok: boolean; error?: { code: string } };
  created: { ok: boolean };
  sent: string[];
  prevented: number;
  paths: { beforeGrant: string; foreignGrant: string; afterGrant: string };
  openHttps: { action: string };
  openFile: { action: string };
  opened: string[];
  permission: boolean | null;
  permissionCheck: boolean;
  probe: {
    forks: { modulePath: string; args: string[]; options: Record<string, unknown> }[];
    exits: { code: number | null; signal: string | null }[];
    auto: string;
    backends: { name: string; available: boolean; detail: string }[];
  };
  training: {
    forks: { modulePath: string; args: string[]; options: Record<string, unknown> }[];
    job: { status: string; message: string | null };
    exits: { code: number | null; signal: string | null }[];
  };
}

/** Runs a driver script (fixtures/) against the built shell, with the fake electron module registered. */
function driveBundle(driver: string, userData: string, timeout: number, env: Record<string, string> = {}) {
  return spawnSync(
    process.execPath,
    [
      '--import',
      path.join(fixtures, 'register-fake-electron.mjs'),
      path.join(fixtures, driver),
      path.join(repoRoot, 'dist/electron/main.mjs'),
    ],
    {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout,
      env: { ...process.env, FAKE_USER_DATA: userData, FAKE_APP_PATH: repoRoot, ...env },
    },
  );
}

/** The built shell, booted against a recording stand-in for electron (the binary cannot be downloaded here). */
describe('Electron main bundle (dist/electron/main.mjs) with a fake electron module', () => {
  const userData = mkdtempSync(path.join(os.tmpdir(), 'fairbound-shell-'));
  const run = driveBundle('drive-main-bundle.mjs', userData, 120_000);

  function driven(): Driven {
    expect(run.status, run.stderr).toBe(0);
    return JSON.parse(run.stdout) as Driven;
  }

  it('registers app:// as privileged before ready and loads the window from it', () => {
    const result = driven();
    expect(result.schemesRegisteredBeforeReady).toBe(true);
    expect(result.schemes).toEqual([
      expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }),
    ]);
    expect(result.loadedUrl).toBe('app://fairbound/index.html');
  });

  it('creates the window with the hardened webPreferences and the bundled preload', () => {
    expect(driven().webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
      preload: path.join(repoRoot, 'dist/electron/preload.cjs'),
    });
  });

  it('serves the renderer over app:// with the CSP header and nothing outside it', () => {
    const result = driven();
    expect(result.index.status).toBe(200);
    expect(result.index.csp).toContain("default-src 'none'");
    expect(result.index.body).toContain('<div id="app">');
    expect(result.escapeStatus).toBe(404);
    expect(result.foreignHostStatus).toBe(404);
  });

  it('mounts every contract channel behind the sender check and pushes events to the window', () => {
    const result = driven();
    expect([...result.channels].sort()).toEqual([...CHANNELS].sort());
    expect(result.info).toMatchObject({ ok: true, data: { transport: 'electron', dataDir: userData } });
    expect(result.bad).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    expect(result.foreign).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(result.created.ok).toBe(true);
    expect(result.sent).toContain('projects:changed');
  });

  it('trains in a utility process started from the bundled entry, which talks back through parentPort and exits when done', () => {
    const { training } = driven();
    expect(training.forks).toEqual([
      {
        modulePath: path.join(repoRoot, 'dist/electron/training-entry.js'),
        args: [],
        options: { serviceName: 'Fairbound training', stdio: 'pipe' },
      },
    ]);
    expect(training.job).toEqual({ status: 'completed', message: null });
    expect(training.exits).toEqual([{ code: 0, signal: null }]);
  });

  it('probes the backends in a utility process started from the bundled entry, which exits once it has reported', () => {
    const { probe } = driven();
    expect(probe.forks).toEqual([
      {
        modulePath: path.join(repoRoot, 'dist/electron/training-entry.js'),
        args: [],
        options: { serviceName: 'Fairbound training', stdio: 'pipe' },
      },
    ]);
    expect(probe.exits).toEqual([{ code: 0, signal: null }]);
    expect(probe.backends.find((b) => b.name === probe.auto)).toMatchObject({ available: true });
  });

  it('denies navigation, webviews, new windows and permissions; opens only https links outside', () => {
    const result = driven();
    expect(result.prevented).toBe(4);
    expect(result.openHttps).toEqual({ action: 'deny' });
    expect(result.openFile).toEqual({ action: 'deny' });
    expect(result.opened).toEqual(['https://example.org/docs']);
    expect(result.permission).toBe(false);
    expect(result.permissionCheck).toBe(false);
  });

  it('imports by path only files the preload reported as picked or dropped, from our own window', () => {
    expect(driven().paths).toEqual({ beforeGrant: 'forbidden', foreignGrant: 'forbidden', afterGrant: 'ok' });
  });

  it('a second launch quits at once: no data folder, no handlers, no window', () => {
    const second = driveBundle('drive-second-instance.mjs', userData, 60_000, { FAKE_SECOND_INSTANCE: '1' });
    expect(second.status, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout)).toEqual({ quits: 1, appReady: false, appEvents: [], ipcHandlers: 0, windows: 0 });
  });
});
