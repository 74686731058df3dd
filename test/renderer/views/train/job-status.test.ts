import { describe, expect, it } from 'vitest';
import { jobStatusText, recordProblems } from '../../../../renderer/src/views/train/job-status.js';

describe('job status text', () => {
  it('reads a job the app stop cut short as interrupted, saying so once', () => {
    const shown = jobStatusText({
      status: 'failed',
      message: 'interrupted: the app stopped while this job was running',
    });
    expect(shown).toEqual({ status: 'interrupted', detail: 'the app stopped while this job was running' });
    expect(jobStatusText({ status: 'failed', message: 'out of memory' })).toEqual({
      status: 'failed',
      detail: 'out of memory',
    });
  });

  it('lists what could not be read of a saved job, config first, and nothing for a readable one', () => {
    expect(recordProblems({})).toEqual([]);
    expect(recordProblems({ summaryProblem: 'summary unreadable', configProblem: 'config unreadable' })).toEqual([
      'config unreadable',
      'summary unreadable',
    ]);
  });
});
