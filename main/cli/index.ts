import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from './cli.js';
import { EXIT } from './exit-codes.js';

/**
 * Process entry of `fairbound` (bin/fairbound.js imports this; `tsx main/cli/index.ts` runs it directly).
 * Ctrl-C aborts the running command, which cancels its work and exits 130; a second Ctrl-C exits at once.
 */
export async function main(argv: string[]): Promise<number> {
  const controller = new AbortController();
  const onSigint = (): void => {
    if (controller.signal.aborted) process.exit(EXIT.cancelled);
    process.stderr.write('\nStopping… (Ctrl-C again to quit now)\n');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  try {
    return await runCli(argv, { stdout: process.stdout, stderr: process.stderr, signal: controller.signal });
  } finally {
    process.off('SIGINT', onSigint);
  }
}

const invokedDirectly =
  process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  // Exit explicitly: engine workers or DuckDB handles must not keep a finished command alive.
  process.exit(await main(process.argv.slice(2)));
}
