#!/usr/bin/env node
// `fairbound` command: loads the TypeScript sources through tsx (a runtime dependency), so `npx fairbound …`
// works straight after `npm install`, with no build step.
// Both hooks, as the tsx CLI installs them: the CommonJS one also lets require() load ESM-only files with
// extensionless imports (tfjs-core's gradient registry is loaded that way).
const [{ register: registerEsm }, { register: registerCjs }] = await Promise.all([import('tsx/esm/api'), import('tsx/cjs/api')]);
registerCjs();
registerEsm();
const { main } = await import('../main/cli/index.ts');
// Exit explicitly: engine backends or DuckDB handles must not keep a finished command alive.
process.exit(await main(process.argv.slice(2)));
