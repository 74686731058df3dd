import { readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { FairboundError } from '../../../shared/errors.js';
import type { ReportFile } from '../../../shared/ipc/channels/audit.js';

/** A report's PDF file name as audit:export writes it; nothing else in reports/ is served or deleted. */
const PDF_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}\.pdf$/;

/** The reports folder of a project. */
export function reportsDir(projectDir: string): string {
  return path.join(projectDir, 'reports');
}

function pdfPathIn(projectDir: string, name: string): string {
  if (!PDF_NAME.test(name)) throw new FairboundError('not-found', `No report "${name}" in this project.`);
  return path.join(reportsDir(projectDir), name);
}

/** What the audited run was called, from the report's JSON record (null when it cannot be read). */
async function auditedLabel(pdfPath: string): Promise<string | null> {
  try {
    const manifest = JSON.parse(await readFile(pdfPath.replace(/\.pdf$/, '.json'), 'utf8')) as {
      audit?: { run?: { label?: unknown } };
    };
    return typeof manifest.audit?.run?.label === 'string' ? manifest.audit.run.label : null;
  } catch {
    return null;
  }
}

/** The project's past reports, newest first. */
export async function listReports(projectDir: string): Promise<ReportFile[]> {
  const names = (await readdir(reportsDir(projectDir)).catch(() => [] as string[])).filter((n) => PDF_NAME.test(n));
  const reports = await Promise.all(
    names.map(async (name) => {
      const file = path.join(reportsDir(projectDir), name);
      const info = await stat(file).catch(() => null);
      if (!info) return null;
      return {
        name,
        bytes: info.size,
        createdAt: info.mtime.toISOString(),
        run: await auditedLabel(file),
      } satisfies ReportFile;
    }),
  );
  return reports.filter((r): r is ReportFile => r !== null).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** A report's PDF bytes (base64, for the browser's download or viewer). */
export async function readReport(projectDir: string, name: string): Promise<{ name: string; base64: string }> {
  const file = pdfPathIn(projectDir, name);
  const bytes = await readFile(file).catch(() => {
    throw new FairboundError('not-found', `No report "${name}" in this project.`);
  });
  return { name, base64: bytes.toString('base64') };
}

/** Deletes a report: its PDF with the JSON and CSV written beside it. */
export async function deleteReport(projectDir: string, name: string): Promise<void> {
  const file = pdfPathIn(projectDir, name);
  await stat(file).catch(() => {
    throw new FairboundError('not-found', `No report "${name}" in this project.`);
  });
  const stem = file.replace(/\.pdf$/, '');
  await Promise.all([file, `${stem}.json`, `${stem}.csv`].map((f) => rm(f, { force: true })));
}
