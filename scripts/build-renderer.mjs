// Builds dist/renderer only when it is missing or older than its sources (renderer/, shared/, the Vite config), so
// `npm run serve` starts at once when nothing changed. `--force` builds anyway. Vite prints warnings only.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const index = path.join(root, 'dist', 'renderer', 'index.html');

function newestMtime(target) {
  const info = statSync(target);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const name of readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, name)));
  return newest;
}

const sources = Math.max(newestMtime(path.join(root, 'renderer')), newestMtime(path.join(root, 'shared')));
const stale = process.argv.includes('--force') || !existsSync(index) || statSync(index).mtimeMs < sources;
if (!stale) {
  console.log('Renderer is up to date (dist/renderer); `npm run build:renderer` rebuilds it anyway.');
  process.exit(0);
}
console.log('Building the renderer…');
const vite = spawnSync(
  process.execPath,
  [
    path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'),
    'build',
    '--config',
    'renderer/vite.config.ts',
    '--logLevel',
    'warn',
  ],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
process.exit(vite.status ?? 1);
