import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { claimDataDir } from '../../../../main/core/projects/data-dir-claim.js';

describe('claimDataDir', () => {
  it('claims a fresh folder, and one whose last owner is gone; not one a live process holds', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fairbound-claim-'));
    expect(await claimDataDir(dir)).toBe(true);
    expect(readFileSync(path.join(dir, '.owner.pid'), 'utf8')).toBe(String(process.pid));
    writeFileSync(path.join(dir, '.owner.pid'), String(process.ppid));
    expect(await claimDataDir(dir)).toBe(false);
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    }).stdout;
    writeFileSync(path.join(dir, '.owner.pid'), gone);
    expect(await claimDataDir(dir)).toBe(true);
  });
});
