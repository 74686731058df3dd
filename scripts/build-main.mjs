// Bundles the Electron main process (ESM) and the preload (one CJS file, as sandboxed preloads require).
// Native, wasm and tfjs packages stay external: they load from node_modules (asar-unpacked when packaged).
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';

const external = ['electron', '@duckdb/*', '@tensorflow/*', 'webgpu', 'highs', 'playwright-core'];
const requireShim =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";
// es2021 lowers #private fields, which Electronegativity's parser cannot walk; the cost at run time is negligible.
const common = {
  bundle: true,
  platform: 'node',
  target: ['node22', 'es2021'],
  sourcemap: true,
  logLevel: 'warning',
  external,
};

/** The contract's channel and event names, read from the real contract so the preload can never drift from it. */
async function contractNames() {
  await mkdir('dist/.contract', { recursive: true });
  const outfile = 'dist/.contract/contract.mjs';
  await build({ ...common, sourcemap: false, entryPoints: ['shared/ipc/contract.ts'], outfile, format: 'esm' });
  const { CHANNELS, EVENT_NAMES } = await import(pathToFileURL(outfile).href);
  await rm('dist/.contract', { recursive: true, force: true });
  return { channels: CHANNELS, events: EVENT_NAMES };
}

const names = await contractNames();

/** An ES module for Node (the main process and its child processes), with `require` available to bundled CJS code. */
function buildNodeEntry(entry, outfile) {
  return build({ ...common, entryPoints: [entry], outfile, format: 'esm', banner: { js: requireShim } });
}

await buildNodeEntry('main/electron/main.ts', 'dist/electron/main.mjs');

await build({
  ...common,
  entryPoints: ['main/electron/preload.ts'],
  outfile: 'dist/electron/preload.cjs',
  format: 'cjs',
  platform: 'browser',
  external: ['electron'],
  define: {
    __FAIRBOUND_CHANNELS__: JSON.stringify(names.channels),
    __FAIRBOUND_EVENTS__: JSON.stringify(names.events),
  },
});

// The training process entry sits beside main.mjs: main/worker/process-host.ts resolves ./training-entry.js from its own URL.
if (existsSync('main/worker/training-entry.ts')) {
  await buildNodeEntry('main/worker/training-entry.ts', 'dist/electron/training-entry.js');
}

// The audit's child process sits beside main.mjs too: main/core/audit/compute-off-thread.ts resolves ./audit-process.js.
await buildNodeEntry('main/core/audit/audit-process.ts', 'dist/electron/audit-process.js');
