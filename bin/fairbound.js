#!/usr/bin/env node
// `fairbound` command. Runs the bundled CLI (dist/cli/, built by scripts/build-cli.mjs through `npm run build`) when
// it is newer than every TypeScript source, which starts in a fraction of the time; otherwise — a fresh clone, or
// sources edited since the last build — loads the sources through tsx (a runtime dependency), so `npx fairbound …`
// always runs the code as it is. FAIRBOUND_FROM_SOURCE=1 forces the sources.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cliEntry } from './cli-entry.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let main;
if (cliEntry(root) === 'bundle') {
  ({ main } = await import(new URL('../dist/cli/fairbound.js', import.meta.url).href));
} else {
  // Both hooks, as the tsx CLI installs them: the CommonJS one also lets require() load ESM-only files with
  // extensionless imports (tfjs-core's gradient registry is loaded that way).
  const [{ register: registerEsm }, { register: registerCjs }] = await Promise.all([
    import('tsx/esm/api'),
    import('tsx/cjs/api'),
  ]);
  registerCjs();
  registerEsm();
  ({ main } = await import('../main/cli/index.ts'));
}
// Exit explicitly: engine backends or DuckDB handles must not keep a finished command alive.
process.exit(await main(process.argv.slice(2)));
