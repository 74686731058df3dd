import { mkdtempSync, writeFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../../shared/settings.js';
import { openSettings } from '../../../../main/core/settings/settings-store.js';

const tempDir = () => mkdtempSync(path.join(os.tmpdir(), 'fairbound-settings-'));

describe('settings store (conf with an explicit folder)', () => {
  it('starts from defaults and persists updates across reopen', () => {
    const dir = tempDir();
    const first = openSettings(dir);
    expect(first.get()).toEqual(DEFAULT_SETTINGS);
    expect(first.problem).toBeNull();
    first.update((s) => ({ ...s, window: { width: 1000, height: 700 }, projectNames: { abc: 'Alpha' } }));
    const second = openSettings(dir);
    expect(second.get()).toMatchObject({ window: { width: 1000, height: 700 }, projectNames: { abc: 'Alpha' } });
    expect(second.path).toBe(path.join(dir, 'settings.json'));
  });

  it('backs up a malformed file, starts from defaults and says so', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'settings.json'), '{ "projectNames": [');
    const store = openSettings(dir);
    expect(store.problem).toMatch(/unreadable.*moved to/);
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
    const backups = (await readdir(dir)).filter((n) => n.includes('.invalid-'));
    expect(backups).toHaveLength(1);
    expect(await readFile(path.join(dir, backups[0] ?? ''), 'utf8')).toBe('{ "projectNames": [');
  });

  it('backs up a file that violates the schema instead of clearing it silently', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'settings.json'), JSON.stringify({ projectNames: ['not', 'a', 'record'] }));
    const store = openSettings(dir);
    expect(store.problem).toMatch(/did not match the schema/);
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
    const backups = (await readdir(dir)).filter((n) => n.includes('.invalid-'));
    expect(backups).toHaveLength(1);
    expect(JSON.parse(await readFile(path.join(dir, backups[0] ?? ''), 'utf8'))).toEqual({
      projectNames: ['not', 'a', 'record'],
    });
    expect(openSettings(dir).problem).toBeNull();
    expect(() => store.update((s) => ({ ...s, window: { width: 5, height: 5 } }))).toThrow();
  });

  it('reads a file from before "jobs run at once" with the default, and tells listeners of every saved change', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'settings.json'), JSON.stringify({ projectNames: { abc: 'Alpha' }, window: null }));
    const store = openSettings(dir);
    expect(store.problem).toBeNull();
    expect(store.get()).toMatchObject({ projectNames: { abc: 'Alpha' }, jobsAtOnce: 1 });
    const seen: number[] = [];
    const off = store.onChange((s) => seen.push(s.jobsAtOnce));
    store.update((s) => ({ ...s, jobsAtOnce: 2 }));
    expect(() => store.update((s) => ({ ...s, jobsAtOnce: 0 }))).toThrow();
    off();
    store.update((s) => ({ ...s, jobsAtOnce: 3 }));
    expect(seen).toEqual([2]);
    expect(openSettings(dir).get().jobsAtOnce).toBe(3);
  });
});
