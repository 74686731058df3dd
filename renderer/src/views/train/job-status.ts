import type { JobView } from '../../../../shared/ipc/channels/training.js';

/** Prefix main gives the message of a job the app's stop cut short (recorded with status "failed"). */
const INTERRUPTED = 'interrupted: ';

/**
 * The status word and detail a job is shown with. A job the app's stop cut short is recorded as failed with an
 * "interrupted: …" message; it reads "interrupted — the app stopped …", saying "interrupted" once, not "failed".
 */
export function jobStatusText(job: Pick<JobView, 'status' | 'message'>): { status: string; detail: string | null } {
  if (job.status === 'failed' && job.message?.startsWith(INTERRUPTED))
    return { status: 'interrupted', detail: job.message.slice(INTERRUPTED.length) };
  return { status: job.status, detail: job.message ?? null };
}

/** What this version could not read of the job's saved record (kept unchanged on disk), one line each. */
export function recordProblems(job: Pick<JobView, 'configProblem' | 'summaryProblem'>): string[] {
  return [job.configProblem, job.summaryProblem].filter((p): p is string => p !== undefined);
}
