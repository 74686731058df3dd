import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: plain JavaScript beside bin/fairbound.js, without type declarations.
import { cliEntry } from '../../bin/cli-entry.js';

const root = await mkdtemp(path.join(os.tmpdir(), 'fairbound-cli-entry-'));
afterAll(() => rm(root, { recursive: true, force: true }));

const at = (seconds: number) => new Date(1_700_000_000_000 + seconds * 1000);
async function file(rel: string, seconds: number) {
  const p = path.join(root, rel);
  await mkdir(path.dirname(p), { recursive: true });
  await writeFile(p, '');
  await utimes(p, at(seconds), at(seconds));
}

describe('bin/fairbound.js chooses the bundle only when it is fresh', () => {
  it('runs the sources without a bundle, the bundle when it is newer than every source, the sources again after an edit', async () => {
    await file('package.json', 0);
    await file('main/cli/index.ts', 10);
    await file('shared/deep/er/x.ts', 20);
    expect(cliEntry(root, {})).toBe('source');
    await file('dist/cli/fairbound.js', 30);
    expect(cliEntry(root, {})).toBe('bundle');
    expect(cliEntry(root, { FAIRBOUND_FROM_SOURCE: '1' })).toBe('source');
    await file('shared/deep/er/x.ts', 40);
    expect(cliEntry(root, {})).toBe('source');
    await file('dist/cli/fairbound.js', 50);
    await file('package.json', 60);
    expect(cliEntry(root, {})).toBe('source');
  });
});
