#!/usr/bin/env node
// `fairbound` command. Runs the built CLI (dist/cli.js) when present; otherwise loads the TypeScript sources
// through tsx, so `npx fairbound …` works straight after `npm install`, with no build step.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
let entry;
if (existsSync(built)) {
  entry = await import(new URL('../dist/cli.js', import.meta.url).href);
} else {
  // Both hooks, as the tsx CLI installs them: the CommonJS one also lets require() load ESM-only files with
  // extensionless imports (tfjs-core's gradient registry is loaded that way).
  const [{ register: registerEsm }, { register: registerCjs }] = await Promise.all([import('tsx/esm/api'), import('tsx/cjs/api')]);
  registerCjs();
  registerEsm();
  entry = await import('../main/cli/index.ts');
}
// Exit explicitly: engine workers or DuckDB handles must not keep a finished command alive.
process.exit(await entry.main(process.argv.slice(2)));
