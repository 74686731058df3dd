import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect } from 'vitest';
import { test } from './fixture.js';

describe('the end-to-end fixture', () => {
  test.scoped({ preferences: { jobsAtOnce: 2 } });

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
});
