import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { TrainingToHost } from './messages.js';
import type { LaunchTrainingProcess } from './training-process.js';

/**
 * The TypeScript source runs under tsx's loader, given as an absolute URL so that it resolves whatever the host's
 * working directory; `--import` applies it before the entry loads (both its ESM and CommonJS hooks, which tfjs-core's
 * require() of its gradient registrations needs). The bundled .js needs no flags.
 */
function execArgv(entry: string): string[] {
  if (!entry.endsWith('.ts')) return [];
  return ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href];
}

/** Plain Node transport: child_process.fork with structured-clone ('advanced') serialization, so typed arrays survive. */
export const forkTrainingProcess: LaunchTrainingProcess = (entry, events) => {
  const child = fork(entry, [], {
    serialization: 'advanced',
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    execArgv: execArgv(entry),
  });
  for (const stream of [child.stdout, child.stderr]) stream?.setEncoding('utf8').on('data', events.output);
  child.on('message', (message) => events.message(message as TrainingToHost));
  child.on('exit', events.exit);
  child.on('error', (error) => {
    events.output(`\n${error.message}\n`);
    // A process that never started reports no 'exit'; one that did reports it as usual.
    if (child.pid === undefined) events.exit(null, null);
  });
  return {
    get pid() {
      return child.pid;
    },
    send(message) {
      if (child.connected) child.send(message);
    },
    kill() {
      child.kill('SIGKILL');
    },
  };
};
