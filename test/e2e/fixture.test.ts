import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect } from 'vitest';
import { test } from './fixture.js';

describe('the end-to-end fixture', () => {
  test.override({ preferences: { jobsAtOnce: 2 } });

  test('starts the host on a fresh data folder seeded with the given preferences', async ({ dataDir, host, ws }) => {
    expect(host.dataDir).toBe(dataDir);
    expect(existsSync(dataDir)).toBe(true);
    const prefs = await ws.invoke('settings:get', {});
    if (!prefs.ok) throw new Error(prefs.error.message);
    const view = prefs.data as { preferences: { jobsAtOnce: number }; cpuCores: number };
    // A saved count above this machine's cores is held to the core count.
    expect(view.preferences.jobsAtOnce).toBe(Math.min(2, view.cpuCores));
    expect(JSON.parse(readFileSync(path.join(dataDir, 'settings.json'), 'utf8'))).toMatchObject({ jobsAtOnce: 2 });
  });

  // The fixture skips this where the Electron binary is not installed (npm ci with ELECTRON_SKIP_BINARY_DOWNLOAD, or no
  // display), saying which; where it is, the desktop shell opens its window on the test's data folder.
  test('launches the Electron shell on the fresh data folder: its window is ready and lists no projects', async ({
    electron,
  }) => {
    const { window } = electron;
    expect(await window.locator('body').getAttribute('data-app-state')).toBe('ready');
    await window.getByTestId('empty-state').waitFor();
  });
});
