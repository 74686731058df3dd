import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { AuditResult, RunInfo } from '../../../shared/audit.js';
import { FairboundError } from '../../../shared/errors.js';
import type { AuditJob, AuditProcessMessage } from './audit-process.js';
import type { AuditData, AuditOptions } from './compute-audit.js';

export interface OffThreadOptions {
  signal?: AbortSignal | undefined;
  onProgress?: ((fraction: number) => void) | undefined;
}

/** The audit process entry beside this module: .ts under tsx/vitest, .js in the bundle (scripts/build-main.mjs). */
function entry(): string {
  return fileURLToPath(
    new URL(import.meta.url.endsWith('.ts') ? './audit-process.ts' : './audit-process.js', import.meta.url),
  );
}

/** The TypeScript entry runs under tsx's loader (absolute URL, so any working directory works); the bundle needs none. */
function execArgv(file: string): string[] {
  if (!file.endsWith('.ts')) return [];
  return ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href];
}

/**
 * computeAudit in a child process, so that a long bootstrap (20,000 resamples are allowed) never blocks the caller's
 * event loop: the arrays go over with structured clone, progress comes back, and aborting `signal` kills the process
 * and rejects with 'cancelled'. Under Electron the same binary runs as plain Node (ELECTRON_RUN_AS_NODE).
 */
export function computeAuditOffThread(
  data: AuditData,
  run: RunInfo,
  options: AuditOptions,
  io: OffThreadOptions = {},
): Promise<AuditResult> {
  const { signal } = io;
  if (signal?.aborted) return Promise.reject(new FairboundError('cancelled', 'The audit was cancelled.'));
  const file = entry();
  const { onProgress: _ignored, ...plain } = options;
  const child = fork(file, [], {
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    execArgv: execArgv(file),
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    stderr = (stderr + text).slice(-2_000);
  });
  return new Promise<AuditResult>((resolve, reject) => {
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', cancel);
      if (child.exitCode === null) child.kill('SIGKILL');
      outcome();
    };
    const cancel = () => finish(() => reject(new FairboundError('cancelled', 'The audit was cancelled.')));
    signal?.addEventListener('abort', cancel, { once: true });
    child.on('message', (message: AuditProcessMessage) => {
      if (message.type === 'progress') io.onProgress?.(message.fraction);
      else if (message.type === 'result') finish(() => resolve(message.audit));
      else finish(() => reject(new FairboundError('internal', `The audit failed: ${message.message}`)));
    });
    child.on('error', (error) =>
      finish(() => reject(new FairboundError('internal', `The audit process could not run: ${error.message}`))),
    );
    // 'close', not 'exit': it comes after the last message has been read.
    child.on('close', (code, sig) =>
      finish(() =>
        reject(
          new FairboundError(
            'internal',
            `The audit process ended early (${sig ?? `exit ${code}`})${stderr ? `: ${stderr.trim()}` : ''}`,
          ),
        ),
      ),
    );
    child.send({ data, run, options: plain } satisfies AuditJob);
  });
}
