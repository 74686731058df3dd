import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditResultSchema, type AuditResult } from '../../../../shared/audit.js';
import { taskConfigSchema } from '../../../../shared/config/task-config.js';
import { exportAudit } from '../../../../main/core/audit/export-audit.js';
import type { PdfPrinter } from '../../../../main/core/audit/pdf-printer.js';
import { PlaywrightPdfPrinter } from '../../../../main/core/audit/playwright-printer.js';
import { FairboundError } from '../../../../shared/errors.js';
import { artifactsDir, repoRoot, sampleCsv } from '../../../helpers/paths.js';

const tools = ['/usr/bin/chromium', '/usr/bin/pdftotext', '/usr/bin/pdftoppm'];
const missing = tools.filter((t) => !existsSync(t));

const config = taskConfigSchema.parse({
  name: 'ACSIncome-OK audit test',
  data: { path: sampleCsv, label: { column: 'PINCP', positive: ['True'] } },
  split: { test: 0.2, validation: 0.1, seed: 42 },
  groups: {
    attributes: [
      { column: 'SEX', map: { '1': 'Male', '2': 'Female' }, name: 'Sex' },
      { column: 'RAC1P', map: { '1': 'White', '2': 'Black', '3': 'American Indian', '*': 'Other' }, name: 'Race' },
    ],
    minSize: 30,
  },
  constraints: [
    { kind: 'loss-gap', topology: 'pairwise', tolerance: 0.05 },
    { kind: 'positive-rate-gap', topology: 'each-vs-overall', tolerance: 0.1 },
  ],
  model: { hidden: [16] },
  solver: { name: 'ssl-alm', batchSize: 64 },
  budget: { iterations: 300 },
  backend: 'wasm',
});

async function train(dir: string, name: string, cfg: unknown): Promise<void> {
  const file = path.join(dir, `${name}.json`);
  await writeFile(file, JSON.stringify(cfg));
  execFileSync(
    process.execPath,
    [path.join(repoRoot, 'bin/fairbound.js'), 'run', file, '--out', path.join(dir, name)],
    { cwd: repoRoot, stdio: 'pipe' },
  );
}

describe.skipIf(missing.length > 0)(`audit PDF export on the bundled sample (needs ${tools.join(', ')})`, () => {
  let dir: string;
  let out: { pdfPath: string; jsonPath: string; csvPath: string };
  let audit: AuditResult;
  let text: string;
  const printer = new PlaywrightPdfPrinter();

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'fairbound-audit-'));
    // A short real training run and an unconstrained baseline with the same recipe, through the CLI (a child
    // process: tfjs-core's gradient registry needs the CJS loader hook that bin/fairbound.js installs).
    await train(dir, 'job', config);
    await train(
      dir,
      'baseline',
      taskConfigSchema.parse({ ...config, constraints: [], solver: { name: 'sgd', batchSize: 64 } }),
    );
    out = await exportAudit(path.join(dir, 'job'), 0, {
      baselineDir: path.join(dir, 'baseline'),
      pdfPath: path.join(dir, 'report', 'audit.pdf'),
      htmlPath: path.join(artifactsDir, 'audit', 'audit.html'),
      bootstrap: { resamples: 200, seed: 7 },
      context: { author: 'Test Auditor' },
      printer,
    });
    audit = auditResultSchema.parse(JSON.parse(await readFile(out.jsonPath, 'utf8')).audit);
    text = execFileSync('pdftotext', ['-layout', out.pdfPath, '-'], { encoding: 'utf8' }).replace(/\u00a0/g, ' ');
  }, 180_000);

  afterAll(async () => {
    await printer.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('writes the PDF with the JSON and CSV next to it', async () => {
    expect(path.dirname(out.jsonPath)).toBe(path.dirname(out.pdfPath));
    expect((await readFile(out.pdfPath)).subarray(0, 5).toString()).toBe('%PDF-');
    const csv = await readFile(out.csvPath, 'utf8');
    expect(csv.split('\n')[0]).toBe('section,split,table,group,n,metric,value,ci_low,ci_high,note');
    expect(csv).toContain('ll144,test,');
  });

  it('prints every section and every group name as real text', () => {
    for (const heading of [
      'Executive summary',
      'Intended use',
      'Data',
      'Protected attributes and groups',
      'Method',
      'Training evidence',
      'Overall performance',
      'Disaggregated results',
      'Constraint certificate',
      'Trade-offs',
      'Limitations',
      'Metric glossary',
      'Reproducibility manifest',
      'NYC Local Law 144',
    ]) {
      expect(text).toContain(heading);
    }
    for (const table of audit.splits.test.tables)
      for (const row of table.rows) expect(text).toContain(row.parts[row.parts.length - 1]!);
    expect(text).toContain('Test Auditor');
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain(
      "the impact ratio is a category's selection rate ÷ the selection rate of the most selected category",
    );
  });

  it('prints figures that match the JSON results', () => {
    const inter = audit.splits.test.tables.find((t) => t.kind === 'intersection')!;
    for (const row of inter.rows.filter((r) => !r.small)) {
      expect(text).toContain(`${(row.metrics.positiveRate.value! * 100).toFixed(1)} %`);
      expect(text).toContain(row.n.toLocaleString('en-US'));
    }
    const cert = audit.certificate[0]!.splits.find((s) => s.split === 'test')!;
    expect(text).toContain(cert.value!.toFixed(4));
    expect(text).toMatch(new RegExp(cert.verdict));
    const sexLl144 = audit.ll144[0]!;
    for (const r of sexLl144.rows) if (r.impactRatio !== null) expect(text).toContain(r.impactRatio.toFixed(3));
    expect(text).toContain(audit.splits.test.n.toLocaleString('en-US'));
  });

  it('prints the LL144 scoring-rate variant beside the selection rate, with the figures from the JSON', async () => {
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('Scoring rate (p > median)');
    expect(flat).toContain('Which variant applies:');
    const median = audit.ll144[0]!.medianScore!;
    expect(flat).toContain(`median ${median.toFixed(4)} over all ${audit.splits.test.n.toLocaleString('en-US')} rows`);
    const pct = (v: number | null) => (v === null ? 'n/a' : `${(v * 100).toFixed(1)} %`);
    const ratio = (v: number | null) => (v === null ? 'n/a' : v.toFixed(3));
    for (const t of audit.ll144) {
      const start = flat.indexOf(`LL144 — ${t.title}`);
      expect(start).toBeGreaterThan(0);
      const block = flat.slice(start, flat.indexOf('Individuals in an unknown category', start));
      for (const r of t.rows) {
        // One table row: # of applicants, share, selection rate, its impact ratio, scoring rate, its impact ratio.
        const cells = [
          r.n.toLocaleString('en-US'),
          pct(r.share),
          pct(r.selectionRate),
          ratio(r.impactRatio),
          pct(r.scoringRate),
          ratio(r.scoringImpactRatio),
        ];
        expect(block).toContain(r.status === 'included' ? cells.join(' ') : cells.slice(0, 3).join(' '));
        if (r.status !== 'included') expect(block).toContain(pct(r.scoringRate));
      }
    }
    const csv = await readFile(out.csvPath, 'utf8');
    const row = audit.ll144[0]!.rows[0]!;
    expect(csv).toContain(
      `ll144,test,${audit.ll144[0]!.title},${row.category},${row.n},scoring rate (p > median),${row.scoringRate}`,
    );
    expect(csv).toContain(`median score (scoring-rate cut-off),${median}`);
  });

  it('renders pages to PNG for inspection', async () => {
    const dest = path.join(artifactsDir, 'audit');
    await mkdir(dest, { recursive: true });
    execFileSync('pdftoppm', ['-r', '60', '-png', out.pdfPath, path.join(dest, 'page')]);
    const pages = (await readdir(dest)).filter((f) => f.startsWith('page') && f.endsWith('.png'));
    expect(pages.length).toBeGreaterThan(8);
  });

  it('a cancel while Chromium prints stops the print and leaves no file behind; the printer still works after', async () => {
    const controller = new AbortController();
    let printing = false;
    const cancelling: PdfPrinter = {
      print: (html, options) => {
        printing = true;
        setTimeout(() => controller.abort(), 50);
        return printer.print(html, options);
      },
      close: async () => {},
    };
    const reportDir = path.join(dir, 'cancelled');
    const error = await exportAudit(path.join(dir, 'job'), 0, {
      pdfPath: path.join(reportDir, 'audit.pdf'),
      bootstrap: { resamples: 20, seed: 7 },
      printer: cancelling,
      signal: controller.signal,
    }).catch((e: unknown) => e);
    expect(printing).toBe(true);
    expect(error).toBeInstanceOf(FairboundError);
    expect((error as FairboundError).code).toBe('cancelled');
    expect(existsSync(reportDir) ? await readdir(reportDir) : []).toEqual([]);
    const again = await printer.print('<p>after</p>', { footer: 'x' });
    expect(Buffer.from(again).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('a cancel during the bootstrap never starts printing', async () => {
    const controller = new AbortController();
    let printed = false;
    const error = await exportAudit(path.join(dir, 'job'), 0, {
      pdfPath: path.join(dir, 'cancelled-early', 'audit.pdf'),
      bootstrap: { resamples: 20, seed: 7 },
      compute: () => {
        controller.abort();
        return Promise.reject(new FairboundError('cancelled', 'The audit was cancelled.'));
      },
      printer: {
        print: () => {
          printed = true;
          return Promise.resolve(new Uint8Array());
        },
        close: async () => {},
      },
      signal: controller.signal,
    }).catch((e: unknown) => e);
    expect((error as FairboundError).code).toBe('cancelled');
    expect(printed).toBe(false);
    expect(existsSync(path.join(dir, 'cancelled-early'))).toBe(false);
  });
});
