import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { FairboundError } from '../../../shared/errors.js';

const BENCH_DIR = fileURLToPath(new URL('../../../bench/', import.meta.url));

/** The benchmark scripts of the repository, in the order `npm run bench` runs them. */
export const BENCH_SCRIPTS = ['engine', 'ingest', 'audit', 'evaluation', 'scale', 'big'] as const;
export type BenchScript = (typeof BENCH_SCRIPTS)[number];

export interface BenchIo {
  stdout: { write(text: string): boolean };
  stderr: { write(text: string): boolean };
  signal?: AbortSignal;
}

/**
 * Runs bench/<name>.ts in its own Node process through tsx, streaming its tables. A fresh process per benchmark
 * keeps backends, caches and heap measurements of one from skewing the next.
 */
export function runBenchScript(name: BenchScript, args: string[], io: BenchIo): Promise<number> {
  const script = path.join(BENCH_DIR, `${name}.ts`);
  if (!existsSync(script)) {
    throw new FairboundError('not-found', `${script} is missing: benchmarks run from a source checkout of Fairbound`);
  }
  const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', tsxLoader, script, ...args], {
      cwd: path.dirname(BENCH_DIR),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (d: Buffer) => io.stdout.write(d.toString()));
    child.stderr.on('data', (d: Buffer) => io.stderr.write(d.toString()));
    const stop = (): void => void child.kill('SIGINT');
    io.signal?.addEventListener('abort', stop, { once: true });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      io.signal?.removeEventListener('abort', stop);
      resolve(code ?? (signal === 'SIGINT' ? 130 : 1));
    });
  });
}
