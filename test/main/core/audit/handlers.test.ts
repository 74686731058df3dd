import { existsSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditHandlers } from '../../../../main/core/audit/handlers.js';
import type { PdfPrinter } from '../../../../main/core/audit/pdf-printer.js';
import { createDispatcher } from '../../../../main/core/ipc/dispatcher.js';
import type { HandlerMap } from '../../../../main/core/ipc/handler-types.js';
import type { Services } from '../../../../main/core/services.js';
import { projectWithTrainedJob } from '../../../helpers/trained-project.js';

/** Records the HTML instead of starting Chromium (the real printer is covered by export-audit.test.ts). */
class RecordingPrinter implements PdfPrinter {
  static html: string[] = [];
  async print(html: string): Promise<Uint8Array> {
    RecordingPrinter.html.push(html);
    return new TextEncoder().encode('%PDF-1.4 test');
  }
  async close(): Promise<void> {}
}

describe('audit handlers', () => {
  let dataDir: string;
  let services: Services;
  let projectId: string;
  let dispatch: ReturnType<typeof createDispatcher>;
  const ctx = { transport: 'http' as const, senderId: 'test' };
  const progress: number[] = [];
  const stages: { task: string; stage: string; fraction: number }[] = [];

  beforeAll(async () => {
    const trained = await projectWithTrainedJob('audit');
    ({ dataDir, services, projectId } = trained);
    trained.composed.events.subscribe((event, payload) => {
      if (event !== 'audit:progress') return;
      const p = payload as { task: string; stage: string; fraction: number };
      progress.push(p.fraction);
      stages.push({ task: p.task, stage: p.stage, fraction: p.fraction });
    });
    const handlers = auditHandlers(services, { printer: () => new RecordingPrinter() }) as unknown as HandlerMap;
    dispatch = createDispatcher(handlers, { log: services.log, validateResponses: true });
  }, 120_000);

  afterAll(async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('lists the finished runs of the project', async () => {
    const res = await dispatch('audit:runs', { projectId }, ctx);
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.data).toHaveLength(1);
    expect(res.data[0]).toMatchObject({ ref: 'job-1/0', solver: 'ssl-alm', constrained: true });
    // Named by the job's name and the run's seed, never by the job id.
    expect(res.data[0]!.label).toBe(`SSL-ALM · seed ${res.data[0]!.seed}`);
  });

  it('computes an audit that satisfies the response schema, at the requested threshold', async () => {
    const res = await dispatch('audit:compute', { projectId, runRef: 'job-1/0', threshold: 0.4, resamples: 50 }, ctx);
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.data.threshold).toBe(0.4);
    expect(res.data.splits.test.tables[0]!.rows.map((r) => r.name).sort()).toEqual(['Non-white', 'White']);
    expect(res.data.certificate).toHaveLength(1);
    expect(res.data.run.label).toMatch(/^SSL-ALM · seed \d+$/);
  });

  it('exports the report into the project reports folder', async () => {
    const res = await dispatch(
      'audit:export',
      { projectId, runRef: 'job-1/0', resamples: 20, context: { author: 'Ada Auditor' } },
      ctx,
    );
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(path.dirname(res.data.pdfPath)).toBe(path.join(services.projects.dir(projectId), 'reports'));
    expect((await readFile(res.data.pdfPath, 'utf8')).startsWith('%PDF')).toBe(true);
    expect(JSON.parse(await readFile(res.data.jsonPath, 'utf8')).context.author).toBe('Ada Auditor');
    expect(RecordingPrinter.html.at(-1)).toContain('Ada Auditor');
    // The cover names the audited model by job name and seed.
    expect(RecordingPrinter.html.at(-1)).toMatch(/Model audited<\/th><td>SSL-ALM · seed \d+/);
  });

  it('lists past reports by the audited run, serves a PDF for the browser to download, and deletes one with its tables', async () => {
    const exported = await dispatch('audit:export', { projectId, runRef: 'job-1/0', resamples: 0 }, ctx);
    if (!exported.ok) throw new Error(exported.error.message);
    const name = path.basename(exported.data.pdfPath);
    const listed = await dispatch('audit:reports', { projectId }, ctx);
    if (!listed.ok) throw new Error(listed.error.message);
    expect(listed.data[0]).toMatchObject({ name, run: expect.stringMatching(/^SSL-ALM · seed \d+$/) });
    expect(listed.data[0]!.bytes).toBeGreaterThan(0);
    const file = await dispatch('audit:report-file', { projectId, name }, ctx);
    if (!file.ok) throw new Error(file.error.message);
    expect(Buffer.from(file.data.base64, 'base64').subarray(0, 4).toString()).toBe('%PDF');
    expect(await dispatch('audit:delete-report', { projectId, name }, ctx)).toEqual({ ok: true, data: { name } });
    expect(
      existsSync(exported.data.pdfPath) || existsSync(exported.data.jsonPath) || existsSync(exported.data.csvPath),
    ).toBe(false);
    const after = await dispatch('audit:reports', { projectId }, ctx);
    expect(after.ok && after.data.some((r) => r.name === name)).toBe(false);
    const outside = await dispatch('audit:report-file', { projectId, name: '../project.json' }, ctx);
    expect(outside.ok ? null : outside.error.code).toBe('not-found');
  });

  it('saves the audit threshold in the project, so the Audit tab shows it again after a restart', async () => {
    expect((await services.projects.get(projectId)).auditThreshold).toBeUndefined();
    expect(await dispatch('audit:save-threshold', { projectId, threshold: 0.35 }, ctx)).toEqual({
      ok: true,
      data: { threshold: 0.35 },
    });
    const onDisk = JSON.parse(await readFile(path.join(services.projects.dir(projectId), 'project.json'), 'utf8')) as {
      auditThreshold?: number;
    };
    expect(onDisk.auditThreshold).toBe(0.35);
    const bad = await dispatch('audit:save-threshold', { projectId, threshold: 1.5 }, ctx);
    expect(bad.ok ? null : bad.error.code).toBe('invalid-payload');
  });

  it('saves the report details in project.json, reads them back, and exports with them when the request has none', async () => {
    expect(await dispatch('audit:context', { projectId }, ctx)).toEqual({ ok: true, data: {} });
    const details = {
      author: 'Grace Auditor',
      authorRole: 'Audit office',
      decision: 'shortlisting for interview',
      systemVersion: '  ',
    };
    const saved = await dispatch('audit:save-context', { projectId, context: details }, ctx);
    // A blank field is not kept: it prints as the placeholder that asks for it.
    expect(saved).toEqual({
      ok: true,
      data: { author: 'Grace Auditor', authorRole: 'Audit office', decision: 'shortlisting for interview' },
    });
    const onDisk = JSON.parse(await readFile(path.join(services.projects.dir(projectId), 'project.json'), 'utf8')) as {
      reportContext?: unknown;
    };
    expect(onDisk.reportContext).toEqual(saved.ok && saved.data);
    expect(await dispatch('audit:context', { projectId }, ctx)).toEqual(saved);

    const res = await dispatch('audit:export', { projectId, runRef: 'job-1/0', resamples: 0 }, ctx);
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    const manifest = JSON.parse(await readFile(res.data.jsonPath, 'utf8')) as { context: Record<string, string> };
    expect(manifest.context).toMatchObject({
      author: 'Grace Auditor',
      authorRole: 'Audit office',
      decision: 'shortlisting for interview',
      systemVersion: '[version]',
    });
    expect(RecordingPrinter.html.at(-1)).toContain('Grace Auditor');

    // Saving replaces the details: a field cleared in the form is gone from the project too.
    const replaced = await dispatch(
      'audit:save-context',
      { projectId, context: { author: 'Grace Auditor', authorRole: '' } },
      ctx,
    );
    expect(replaced).toEqual({ ok: true, data: { author: 'Grace Auditor' } });
    const unknownField = await dispatch('audit:save-context', { projectId, context: { organisation: 'x' } }, ctx);
    expect(unknownField.ok ? null : unknownField.error.code).toBe('invalid-payload');
  });

  it('answers not-found for a job of another project and invalid-payload for a malformed reference', async () => {
    const missing = await dispatch('audit:compute', { projectId, runRef: 'job-9/0' }, ctx);
    expect(missing.ok ? null : missing.error.code).toBe('not-found');
    const outOfRange = await dispatch('audit:compute', { projectId, runRef: 'job-1/3' }, ctx);
    expect(outOfRange.ok ? null : outOfRange.error.code).toBe('not-found');
    const bad = await dispatch('audit:compute', { projectId, runRef: '../etc/0' }, ctx);
    expect(bad.ok ? null : bad.error.code).toBe('invalid-payload');
  });

  it('keeps the host responsive during a 20,000-resample audit, reports its progress, and cancels it on request', async () => {
    // Event-loop lag: the longest gap between ticks of a 10 ms timer while the audit runs.
    let lag = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      lag = Math.max(lag, now - last - 10);
      last = now;
    }, 10);
    progress.length = 0;
    try {
      const audit = dispatch('audit:compute', { projectId, runRef: 'job-1/0', resamples: 20_000 }, ctx);
      // Once the bootstrap reports progress, the audit is in its heavy phase: other requests must still answer at once.
      while (progress.length === 0) await new Promise((r) => setTimeout(r, 20));
      const started = performance.now();
      const other = await dispatch('audit:context', { projectId }, ctx);
      expect(other.ok).toBe(true);
      expect(performance.now() - started).toBeLessThan(250);
      const res = await audit;
      expect(res.ok).toBe(true);
      expect(lag).toBeLessThan(250);
      expect(progress.length).toBeGreaterThan(0);
      expect(progress.every((f, i) => f >= 0 && f <= 1 && (i === 0 || f >= progress[i - 1]!))).toBe(true);

      progress.length = 0;
      const doomed = dispatch('audit:compute', { projectId, runRef: 'job-1/0', resamples: 20_000 }, ctx);
      while (progress.length === 0) await new Promise((r) => setTimeout(r, 20));
      expect(await dispatch('audit:cancel', { projectId, runRef: 'job-1/0' }, ctx)).toEqual({
        ok: true,
        data: { cancelled: true },
      });
      const cancelled = await doomed;
      expect(cancelled.ok ? null : cancelled.error.code).toBe('cancelled');
      expect(await dispatch('audit:cancel', { projectId, runRef: 'job-1/0' }, ctx)).toEqual({
        ok: true,
        data: { cancelled: false },
      });
    } finally {
      clearInterval(ticker);
    }
  }, 120_000);

  it('an export reports its bootstrap, then its printing; with a baseline the fraction covers both runs', async () => {
    stages.length = 0;
    const res = await dispatch('audit:export', { projectId, runRef: 'job-1/0', resamples: 2000 }, ctx);
    expect(res.ok).toBe(true);
    expect(stages.every((s) => s.task === 'export')).toBe(true);
    expect(stages.at(-1)).toEqual({ task: 'export', stage: 'printing', fraction: 1 });
    const bootstrap = stages.filter((s) => s.stage === 'bootstrap').map((s) => s.fraction);
    expect(bootstrap.length).toBeGreaterThan(0);
    expect(bootstrap.every((f, i) => i === 0 || f >= bootstrap[i - 1]!)).toBe(true);

    // The run as its own baseline: two bootstraps, the first ending at one half.
    stages.length = 0;
    const both = await dispatch(
      'audit:compute',
      { projectId, runRef: 'job-1/0', baselineRef: 'job-1/0', resamples: 2000 },
      ctx,
    );
    expect(both.ok).toBe(true);
    const fractions = stages.map((s) => s.fraction);
    expect(fractions.every((f, i) => i === 0 || f >= fractions[i - 1]!)).toBe(true);
    expect(fractions.some((f) => f > 0 && f <= 0.5)).toBe(true);
    expect(fractions.some((f) => f > 0.5)).toBe(true);
  }, 120_000);

  it('cancels an export alone (not a compute of the same run), leaving no report behind', async () => {
    const reports = path.join(services.projects.dir(projectId), 'reports');
    const before = existsSync(reports) ? await readdir(reports) : [];
    stages.length = 0;
    const exporting = dispatch('audit:export', { projectId, runRef: 'job-1/0', resamples: 20_000 }, ctx);
    while (stages.length === 0) await new Promise((r) => setTimeout(r, 20));
    expect(await dispatch('audit:cancel', { projectId, runRef: 'job-1/0', task: 'compute' }, ctx)).toEqual({
      ok: true,
      data: { cancelled: false },
    });
    expect(await dispatch('audit:cancel', { projectId, runRef: 'job-1/0', task: 'export' }, ctx)).toEqual({
      ok: true,
      data: { cancelled: true },
    });
    const res = await exporting;
    expect(res.ok ? null : res.error.code).toBe('cancelled');
    expect(existsSync(reports) ? await readdir(reports) : []).toEqual(before);
  }, 120_000);
});
