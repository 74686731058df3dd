import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/paths.js';

const read = (file: string) => readFileSync(path.join(repoRoot, file), 'utf8');

describe('the Node version the install needs', () => {
  it('is the same in package.json engines, .ci/run and the README, and covers what Electron’s tooling declares', () => {
    const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
    const minimum = /^>=\s*(\d+)\.(\d+)$/.exec(engines);
    expect(minimum, engines).not.toBeNull();
    const [, major, minor] = minimum!;
    // .ci/run provisions a newer Node below exactly this version.
    expect(read('.ci/run')).toContain(`(a > ${major} || (a === ${major} && b >= ${minor}) ? 1 : 0)`);
    expect(read('.ci/run')).toContain(`Node.js >= ${major}.${minor} is required`);
    expect(read('README.md')).toContain(`Node.js **${major}.${minor} or newer**`);
    // The strictest Electron tooling requirement in the install (electron itself: ">= 22.12.0").
    const electron =
      (JSON.parse(read('node_modules/electron/package.json')) as { engines?: { node?: string } }).engines?.node ?? '';
    const needed = /(\d+)\.(\d+)/.exec(electron);
    if (needed)
      expect(Number(major) * 1000 + Number(minor)).toBeGreaterThanOrEqual(Number(needed[1]) * 1000 + Number(needed[2]));
  });
});
