import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { FairboundError } from '../../../shared/errors.js';
import type { ConstraintVerdict } from '../../../shared/verdicts.js';
import { buildAuditBundle, type BuildAuditOptions } from './build-audit.js';
import { exportCancelled, type PdfPrinter } from './pdf-printer.js';
import { PlaywrightPdfPrinter } from './playwright-printer.js';
import { auditToCsv } from './report/csv.js';
import { renderReportHtml } from './report/render.js';
import { reportInputFrom, type ReportContext } from './report/report-input.js';
import { REPORT_CSS } from './report/styles.js';

export interface ExportAuditOptions extends BuildAuditOptions {
  pdfPath: string;
  /** Auditor and intended-use fields; blanks print as placeholders. */
  context?: Partial<ReportContext>;
  /** Default: a headless Chromium via playwright-core, closed afterwards. */
  printer?: PdfPrinter;
  /** Also keep the HTML next to the PDF (for debugging layout). */
  htmlPath?: string;
  /** Aborting stops the export at its current step (bootstrap, printing, writing) and leaves no file behind. */
  signal?: AbortSignal;
}

/**
 * Writes every file under a temporary name first and renames them into place only once all are written and the
 * export was not cancelled meanwhile, so a cancel or a failure never leaves a half-written report behind.
 */
async function writeAllOrNothing(files: [string, string | Uint8Array][], signal?: AbortSignal): Promise<void> {
  const partial = (file: string) => `${file}.partial`;
  try {
    await Promise.all(files.map(([file, content]) => writeFile(partial(file), content)));
    if (signal?.aborted) throw exportCancelled();
    for (const [file] of files) await rename(partial(file), file);
  } catch (error) {
    await Promise.all(files.flatMap(([file]) => [rm(partial(file), { force: true }), rm(file, { force: true })]));
    throw error;
  }
}

export interface ExportedAudit {
  pdfPath: string;
  jsonPath: string;
  csvPath: string;
  /** Test verdict per constraint (docs/verdicts.md) and the degenerate-model warning codes, for the CLI's summary. */
  testVerdicts: ConstraintVerdict[];
  warnings: string[];
}

/** Builds the audit of a run and writes <name>.pdf with <name>.json and <name>.csv next to it. */
export async function exportAudit(
  runDir: string,
  runIndex: number,
  options: ExportAuditOptions,
): Promise<ExportedAudit> {
  const pdfPath = path.resolve(options.pdfPath);
  const stem = pdfPath.replace(/\.pdf$/i, '');
  const jsonPath = `${stem}.json`;
  const csvPath = `${stem}.csv`;
  const { signal } = options;
  const bundle = await buildAuditBundle(runDir, runIndex, options);
  if (signal?.aborted) throw exportCancelled();
  const input = reportInputFrom(bundle, options.context ?? {}, {
    json: path.basename(jsonPath),
    csv: path.basename(csvPath),
  });
  const html = renderReportHtml(input, REPORT_CSS);
  const printer = options.printer ?? new PlaywrightPdfPrinter();
  let pdf: Uint8Array;
  try {
    pdf = await printer.print(html, {
      footer: `Fairbound fairness audit ${input.reportId} — ${input.audit.run.label}`,
      signal,
    });
  } catch (error) {
    if (error instanceof FairboundError) throw error;
    throw new FairboundError('report-failed', `printing the audit PDF failed: ${(error as Error).message}`);
  } finally {
    if (!options.printer) await printer.close();
  }
  await mkdir(path.dirname(pdfPath), { recursive: true });
  if (options.htmlPath) await mkdir(path.dirname(options.htmlPath), { recursive: true });
  const manifest = {
    reportId: input.reportId,
    provenance: {
      dataset: bundle.main.results.dataset,
      configSha256: bundle.main.results.configSha256,
      modelSha256: bundle.main.modelHashes,
      app: bundle.main.results.app,
      backend: bundle.main.results.backend,
    },
    context: input.context,
    audit: bundle.audit,
  };
  if (signal?.aborted) throw exportCancelled();
  const files: [string, string | Uint8Array][] = [
    [pdfPath, pdf],
    [jsonPath, JSON.stringify(manifest, null, 2)],
    [csvPath, auditToCsv(bundle.audit)],
  ];
  if (options.htmlPath) files.push([options.htmlPath, html]);
  await writeAllOrNothing(files, signal);
  const testVerdicts = bundle.audit.certificate.map((c) => c.splits.find((s) => s.split === 'test')!.verdict);
  return { pdfPath, jsonPath, csvPath, testVerdicts, warnings: bundle.audit.warnings.map((w) => w.code) };
}
