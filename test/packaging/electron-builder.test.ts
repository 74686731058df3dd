import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/paths.js';

interface BuilderConfig {
  files: string[];
  asarUnpack: string[];
  extraResources: { from: string; to: string }[];
  electronFuses: Record<string, boolean>;
  linux: { target: string[] };
  deb: { depends: string[] };
  win: { target: string[] };
  nsis: Record<string, unknown>;
  mac: { target: { target: string }[]; hardenedRuntime: boolean; entitlements: string };
}

const config = yaml.load(readFileSync(path.join(repoRoot, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  main: string;
  dependencies: Record<string, string>;
  optionalDependencies?: Record<string, string>;
};

/** electron-builder's reading of `files`: included by a positive pattern and by no "!" pattern after it. */
function packaged(file: string): boolean {
  let included = false;
  for (const pattern of config.files) {
    if (pattern.startsWith('!')) {
      if (path.matchesGlob(file, pattern.slice(1))) included = false;
    } else if (path.matchesGlob(file, pattern)) included = true;
  }
  return included;
}

/** Every package reachable from the production dependencies, in the flat node_modules. */
function productionPackages(): string[] {
  const seen = new Set<string>();
  const queue = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.optionalDependencies ?? {})];
  while (queue.length > 0) {
    const name = queue.pop() ?? '';
    const manifest = path.join(repoRoot, 'node_modules', name, 'package.json');
    if (seen.has(name) || !existsSync(manifest)) continue;
    seen.add(name);
    const meta = JSON.parse(readFileSync(manifest, 'utf8')) as {
      dependencies?: Record<string, string>;
      optionalDependencies?: Record<string, string>;
    };
    queue.push(...Object.keys(meta.dependencies ?? {}), ...Object.keys(meta.optionalDependencies ?? {}));
  }
  return [...seen];
}

function nativeFiles(dir: string, found: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && !entry.isSymbolicLink()) nativeFiles(full, found);
    else if (entry.name.endsWith('.node') && statSync(full).isFile())
      found.push(path.relative(repoRoot, full).split(path.sep).join('/'));
  }
  return found;
}

describe('electron-builder.yml', () => {
  it('is valid against app-builder-lib/scheme.json', () => {
    const schema = JSON.parse(
      readFileSync(path.join(repoRoot, 'node_modules/app-builder-lib/scheme.json'), 'utf8'),
    ) as object;
    const ajv = new Ajv({ strict: false, allowUnionTypes: true });
    const validate = ajv.compile(schema);
    expect(validate(config), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('unpacks every native addon of the production dependencies from the asar', () => {
    const natives = productionPackages().flatMap((name) => nativeFiles(path.join(repoRoot, 'node_modules', name)));
    expect(natives.some((f) => f.includes('@duckdb/'))).toBe(true);
    const uncovered = natives.filter((file) => !config.asarUnpack.some((glob) => path.matchesGlob(file, glob)));
    expect(uncovered).toEqual([]);
  });

  it('packages the build output and package.json, never sources or tests', () => {
    expect(packaged('package.json')).toBe(true);
    expect(packaged(pkg.main)).toBe(true);
    expect(packaged('dist/electron/preload.cjs')).toBe(true);
    expect(packaged('dist/renderer/index.html')).toBe(true);
    for (const file of [
      'test/e2e/harness.ts',
      'main/core/compose.ts',
      'renderer/src/App.svelte',
      'shared/errors.ts',
      'dist/electron/main.mjs.map',
      'tsconfig.json',
    ]) {
      expect(packaged(file), file).toBe(false);
    }
    expect(config.files.some((p) => p.startsWith('test'))).toBe(false);
  });

  it('ships the sample dataset as an extra resource where the app looks for it', () => {
    expect(config.extraResources).toContainEqual(expect.objectContaining({ from: 'resources/sample', to: 'sample' }));
    expect(existsSync(path.join(repoRoot, 'resources/sample/ACSIncome-OK-2018.csv'))).toBe(true);
  });

  it('sets the hardening fuses', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      grantFileProtocolExtraPrivileges: false,
      enableCookieEncryption: true,
    });
  });

  it('targets AppImage + deb (with Vulkan), assisted NSIS and dmg', () => {
    expect(config.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(config.deb.depends).toContain('libvulkan1');
    expect(config.win.target).toContain('nsis');
    expect(config.nsis).toMatchObject({
      oneClick: false,
      perMachine: false,
      allowToChangeInstallationDirectory: true,
      deleteAppDataOnUninstall: false,
    });
    expect(config.mac.target.map((t) => t.target)).toContain('dmg');
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(existsSync(path.join(repoRoot, config.mac.entitlements))).toBe(true);
  });

  it('asks macOS for the JIT entitlement only (no unsigned executable memory, no disabled library validation)', () => {
    const plist = readFileSync(path.join(repoRoot, config.mac.entitlements), 'utf8');
    const keys = [...plist.matchAll(/<key>([^<]+)<\/key>/g)].map((m) => m[1]);
    expect(keys).toEqual(['com.apple.security.cs.allow-jit']);
  });
});
