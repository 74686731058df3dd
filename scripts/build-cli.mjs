// Bundles the `fairbound` CLI into dist/cli/ (ESM, split at its lazy imports, so `--help` parses only what it needs).
// bin/fairbound.js runs this bundle when it is newer than every source file, and the TypeScript sources through tsx
// otherwise, so a fresh clone works without a build. Run: node scripts/build-cli.mjs (npm run build does it too).
import { build } from 'esbuild';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';

const root = path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), '..');
const outdir = path.join(root, 'dist', 'cli');
const external = ['electron', '@duckdb/*', '@tensorflow/*', 'webgpu', 'highs', 'playwright-core', 'tsx', 'chart.js'];
const requireShim =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

// These modules find the bundled entries beside themselves (import.meta.url of the bundle); every other module's
// import.meta.url is pointed back at its source file, so paths like ../../package.json resolve as they do under tsx.
const SIBLING_RESOLVERS = new Set(['main/worker/process-host.ts', 'main/core/audit/compute-off-thread.ts']);

/** @type {import('esbuild').Plugin} */
const sourceUrls = {
  name: 'source-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      const rel = path.relative(root, args.path).split(path.sep).join('/');
      const contents = await readFile(args.path, 'utf8');
      if (SIBLING_RESOLVERS.has(rel) || !contents.includes('import.meta.url')) return { contents, loader: 'ts' };
      const fromBundle = path.relative(outdir, args.path).split(path.sep).join('/');
      return {
        contents: contents.replaceAll(
          'import.meta.url',
          `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`,
        ),
        loader: 'ts',
      };
    });
  },
};

await rm(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: {
    fairbound: 'main/cli/index.ts',
    'audit-process': 'main/core/audit/audit-process.ts',
    'training-entry': 'main/worker/training-entry.ts',
  },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: ['node20'],
  chunkNames: '[name]-[hash]',
  outExtension: { '.js': '.js' },
  external,
  banner: { js: requireShim },
  plugins: [sourceUrls],
  logLevel: 'warning',
});
