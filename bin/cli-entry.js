// Which code `fairbound` runs (bin/fairbound.js): the bundle in dist/cli/ when it is at least as new as every
// TypeScript source under main/ and shared/ and package.json, else the sources through tsx.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** Newest modification time of the .ts files under `dir` (a few hundred files: milliseconds). */
function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/** 'bundle' or 'source' for the checkout at `root`; FAIRBOUND_FROM_SOURCE=1 forces the sources. */
export function cliEntry(root, env = process.env) {
  const bundle = path.join(root, 'dist', 'cli', 'fairbound.js');
  if (env.FAIRBOUND_FROM_SOURCE === '1' || !existsSync(bundle)) return 'source';
  const sources = ['main', 'shared'].map((d) => path.join(root, d)).filter((d) => existsSync(d));
  const newest = Math.max(0, ...sources.map(newestSource), statSync(path.join(root, 'package.json')).mtimeMs);
  return statSync(bundle).mtimeMs >= newest ? 'bundle' : 'source';
}
