import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AuditableRun } from '../../../../shared/ipc/channels/audit';
import { toasts } from '../../../../renderer/src/lib/toasts.svelte';
import { AuditState } from '../../../../renderer/src/views/audit/audit-state.svelte';
import { FakeMain, settle } from '../../fake-main';
import { project } from '../../fixtures';

afterEach(() => {
  vi.useRealTimers();
  toasts.items.splice(0);
});

function run(ref: string, constrained: boolean): AuditableRun {
  const [jobId, index] = ref.split('/');
  return {
    ref,
    jobId: jobId!,
    runIndex: Number(index),
    label: ref,
    solver: constrained ? 'ssl-alm' : 'sgd',
    seed: 0,
    constrained,
    createdAt: '2026-11-30T10:00:00.000Z',
    testAccuracy: 0.8,
    testMaxViolation: 0,
  };
}

const failed = (message: string) => ({ error: { code: 'io-error' as const, message } });

describe('AuditState', () => {
  it('load picks the first constrained run against the first unconstrained one, then computes with them', async () => {
    const main = new FakeMain()
      .handle('audit:runs', [run('base/0', false), run('fair/0', true), run('fair/1', true)])
      .handle('audit:context', { author: 'A. Auditor' })
      .handle('projects:get', project('p1'))
      .handle('audit:reports', [])
      .handle('audit:compute', failed('not needed here'));
    const audit = new AuditState('p1', main.api);
    await audit.load();
    expect(audit.runRef).toBe('fair/0');
    expect(audit.baselineRef).toBe('base/0');
    expect(audit.context).toEqual({ author: 'A. Auditor' });
    expect(main.requests('audit:compute')).toEqual([
      { projectId: 'p1', runRef: 'fair/0', baselineRef: 'base/0', threshold: 0.5, references: {} },
    ]);
  });

  it('load restores the threshold last used in this project', async () => {
    const main = new FakeMain()
      .handle('audit:runs', [run('fair/0', true)])
      .handle('audit:context', {})
      .handle('projects:get', project('p1', { auditThreshold: 0.35 }))
      .handle('audit:reports', [])
      .handle('audit:compute', failed('not needed here'));
    const audit = new AuditState('p1', main.api);
    await audit.load();
    expect(audit.threshold).toBe(0.35);
    expect(main.requests('audit:compute')[0]).toMatchObject({ runRef: 'fair/0', threshold: 0.35 });
  });

  it('without runs it shows nothing to compute, and a failed listing is shown as the error', async () => {
    const empty = new FakeMain()
      .handle('audit:runs', [])
      .handle('audit:context', {})
      .handle('projects:get', project('p1'))
      .handle('audit:reports', []);
    const none = new AuditState('p1', empty.api);
    await none.load();
    expect(none.loaded).toBe(true);
    expect(none.runRef).toBeNull();
    expect(empty.requests('audit:compute')).toEqual([]);

    const broken = new FakeMain()
      .handle('audit:runs', failed('runs folder unreadable'))
      .handle('audit:context', {})
      .handle('projects:get', project('p1'))
      .handle('audit:reports', []);
    const audit = new AuditState('p1', broken.api);
    await audit.load();
    expect(audit.error?.message).toBe('runs folder unreadable');
  });

  it('a slower earlier compute that answers late does not overwrite the newer one', async () => {
    let releaseFirst: () => void = () => {};
    const main = new FakeMain().handle('audit:compute', ({ threshold }) =>
      threshold === 0.5
        ? new Promise((resolve) => (releaseFirst = () => resolve(failed('stale answer'))))
        : failed('current answer'),
    );
    const audit = new AuditState('p1', main.api);
    audit.runRef = 'fair/0';
    const first = audit.compute();
    audit.threshold = 0.7;
    await audit.compute();
    expect(audit.error?.message).toBe('current answer');
    releaseFirst();
    await first;
    expect(audit.error?.message).toBe('current answer');
    expect(audit.loading).toBe(false);
  });

  it('report details are saved once, 400 ms after the last edit', async () => {
    vi.useFakeTimers();
    const main = new FakeMain().handle('audit:save-context', ({ context }) => context);
    const audit = new AuditState('p1', main.api);
    audit.context = { author: 'A' };
    audit.scheduleContextSave();
    await vi.advanceTimersByTimeAsync(300);
    audit.context = { author: 'A. Auditor' };
    audit.scheduleContextSave();
    expect(audit.contextState).toBe('saving');
    await vi.advanceTimersByTimeAsync(399);
    expect(main.requests('audit:save-context')).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(main.requests('audit:save-context')).toEqual([{ projectId: 'p1', context: { author: 'A. Auditor' } }]);
    expect(audit.contextState).toBe('saved');
  });

  it('export saves pending report details first; when that save fails nothing is exported', async () => {
    const main = new FakeMain()
      .handle('audit:save-context', failed('project is read-only'))
      .handle('audit:export', { pdfPath: '/r/a.pdf', jsonPath: '/r/a.json', csvPath: '/r/a.csv' })
      .handle('audit:reports', []);
    const audit = new AuditState('p1', main.api);
    audit.runRef = 'fair/0';
    audit.context = { author: 'A' };
    audit.scheduleContextSave();
    await audit.exportPdf();
    expect(audit.contextState).toBe('failed');
    expect(toasts.items.map((t) => t.message)).toContain('project is read-only');
    expect(main.requests('audit:export')).toEqual([]);
    expect(audit.exporting).toBe(false);

    main.handle('audit:save-context', ({ context }) => context);
    await audit.exportPdf();
    expect(main.calls.map((c) => c.channel).slice(-3)).toEqual(['audit:save-context', 'audit:export', 'audit:reports']);
    expect(audit.exported).toEqual({ pdfPath: '/r/a.pdf', jsonPath: '/r/a.json', csvPath: '/r/a.csv' });
    await settle();
  });

  it('shows the computed run’s progress from main, and Cancel asks main to stop that compute only', async () => {
    let answer: (value: { error: { code: 'cancelled'; message: string } }) => void = () => {};
    const main = new FakeMain()
      .handle('audit:compute', () => new Promise((resolve) => (answer = resolve)))
      .handle('audit:cancel', { cancelled: true });
    const audit = new AuditState('p1', main.api);
    const stop = audit.listen();
    audit.runRef = 'fair/0';
    const computing = audit.compute();
    expect(audit.computeProgress).toBeNull();
    main.emit('audit:progress', {
      projectId: 'p1',
      runRef: 'fair/0',
      task: 'compute',
      stage: 'bootstrap',
      fraction: 0.4,
    });
    // Another project's, another run's and an export's reports are not this compute's.
    main.emit('audit:progress', {
      projectId: 'p2',
      runRef: 'fair/0',
      task: 'compute',
      stage: 'bootstrap',
      fraction: 0.9,
    });
    main.emit('audit:progress', {
      projectId: 'p1',
      runRef: 'fair/1',
      task: 'compute',
      stage: 'bootstrap',
      fraction: 0.9,
    });
    main.emit('audit:progress', {
      projectId: 'p1',
      runRef: 'fair/0',
      task: 'export',
      stage: 'bootstrap',
      fraction: 0.9,
    });
    expect(audit.computeProgress).toBe(0.4);
    await audit.cancelCompute();
    expect(main.requests('audit:cancel')).toEqual([{ projectId: 'p1', runRef: 'fair/0', task: 'compute' }]);
    expect(audit.loading).toBe(false);
    expect(audit.computeProgress).toBeNull();
    // main's 'cancelled' answer to the stopped request is dropped: no error shown.
    answer({ error: { code: 'cancelled', message: 'The audit was cancelled.' } });
    await computing;
    expect(audit.error).toBeNull();
    stop();
  });

  it('an export shows its bootstrap share, then printing; a cancelled export is a notice, not an error', async () => {
    let answer: (value: { error: { code: 'cancelled'; message: string } }) => void = () => {};
    const main = new FakeMain()
      .handle('audit:export', () => new Promise((resolve) => (answer = resolve)))
      .handle('audit:cancel', { cancelled: true })
      .handle('audit:reports', []);
    const audit = new AuditState('p1', main.api);
    const stop = audit.listen();
    audit.runRef = 'fair/0';
    const exporting = audit.exportPdf();
    await settle();
    main.emit('audit:progress', {
      projectId: 'p1',
      runRef: 'fair/0',
      task: 'export',
      stage: 'bootstrap',
      fraction: 0.25,
    });
    expect(audit.exportProgress).toEqual({ stage: 'bootstrap', fraction: 0.25 });
    // The run picker moving on does not lose the export under way.
    audit.runRef = 'fair/1';
    main.emit('audit:progress', { projectId: 'p1', runRef: 'fair/0', task: 'export', stage: 'printing', fraction: 1 });
    expect(audit.exportProgress).toEqual({ stage: 'printing', fraction: 1 });
    await audit.cancelExport();
    expect(main.requests('audit:cancel')).toEqual([{ projectId: 'p1', runRef: 'fair/0', task: 'export' }]);
    answer({ error: { code: 'cancelled', message: 'The PDF export was cancelled; no report was written.' } });
    await exporting;
    expect(audit.exporting).toBe(false);
    expect(audit.exportProgress).toBeNull();
    expect(audit.error).toBeNull();
    expect(audit.exported).toBeNull();
    expect(toasts.items.map((t) => t.title)).toContain('Export cancelled');
    stop();
  });
});
