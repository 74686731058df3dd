import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/paths.js';

/** Every import specifier of every source file under a folder (static, dynamic, side-effect and require). */
function importsUnder(folder: string): { file: string; spec: string }[] {
  const found: { file: string; spec: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ts|svelte|mjs|js)$/.test(entry.name)) {
        const text = readFileSync(full, 'utf8');
        for (const match of text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)['"]([^'"]+)['"]/g)) {
          found.push({ file: path.relative(repoRoot, full), spec: match[1] ?? '' });
        }
      }
    }
  };
  walk(path.join(repoRoot, folder));
  return found;
}

/** Resolves a relative specifier to a repository path, so "../../main/x.js" can be matched by folder. */
function target(file: string, spec: string): string {
  return spec.startsWith('.') ? path.relative(repoRoot, path.resolve(repoRoot, path.dirname(file), spec)) : spec;
}

const violations = (folder: string, banned: (resolved: string) => boolean) =>
  importsUnder(folder)
    .filter(({ file, spec }) => banned(target(file, spec)))
    .map(({ file, spec }) => `${file} → ${spec}`);

describe('environment boundaries ', () => {
  it('only main/electron imports electron', () => {
    expect(importsUnder('main/electron').map((i) => i.spec)).toContain('electron');
    for (const folder of ['shared', 'main/core', 'main/host', 'renderer/src']) {
      expect(violations(folder, (t) => t === 'electron' || t.startsWith('electron/') || t.startsWith('main/electron')), folder).toEqual([]);
    }
  });

  it('shared/ is environment-free', () => {
    const banned = (t: string) =>
      t.startsWith('node:') || t.startsWith('main/') || t.startsWith('renderer/') || /^(ws|conf|electron-store|@duckdb|@tensorflow|webgpu|playwright-core)/.test(t);
    expect(violations('shared', banned)).toEqual([]);
  });

  it('the renderer never reaches into main/ or Node', () => {
    expect(violations('renderer/src', (t) => t.startsWith('node:') || t.startsWith('main/'))).toEqual([]);
  });

  it('main/core does not depend on a transport adapter', () => {
    expect(violations('main/core', (t) => t.startsWith('main/host') || t.startsWith('main/electron') || t.startsWith('renderer/'))).toEqual([]);
  });
});
