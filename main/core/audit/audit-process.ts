/**
 * Entry of the audit child process (see compute-off-thread.ts): receives one audit job, answers with progress
 * messages and then the result or the error, and exits. The bootstrap is pure CPU work: here it cannot stall the
 * host's event loop, and killing the process cancels it.
 */
import type { AuditResult, RunInfo } from '../../../shared/audit.js';
import { computeAudit, type AuditData, type AuditOptions } from './compute-audit.js';

export interface AuditJob {
  data: AuditData;
  run: RunInfo;
  options: Omit<AuditOptions, 'onProgress'>;
}

export type AuditProcessMessage =
  { type: 'progress'; fraction: number } | { type: 'result'; audit: AuditResult } | { type: 'error'; message: string };

/** Progress is sent at most this often: one message per resample would flood the channel. */
const PROGRESS_MS = 100;

process.once('message', (job: AuditJob) => {
  const send = (message: AuditProcessMessage, then?: () => void) => process.send?.(message, undefined, undefined, then);
  let last = 0;
  try {
    const audit = computeAudit(job.data, job.run, {
      ...job.options,
      onProgress: (fraction) => {
        const now = Date.now();
        if (now - last < PROGRESS_MS) return;
        last = now;
        send({ type: 'progress', fraction });
      },
    });
    send({ type: 'result', audit }, () => process.disconnect?.());
  } catch (error) {
    send({ type: 'error', message: error instanceof Error ? error.message : String(error) }, () =>
      process.disconnect?.(),
    );
  }
});
