import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { ModelCard } from '../../../shared/model-card.js';
import type { BootstrapOptions } from '../audit/bootstrap.js';
import { buildAuditBundle } from '../audit/build-audit.js';
import { ownCacheEntry } from '../data/cache.js';
import { reportInputFrom, type ReportContext } from '../audit/report/report-input.js';
import type { PrepareTask } from '../audit/run-source.js';
import { writeFileAtomic } from '../projects/atomic-write.js';
import { onnxOfRun } from './export-onnx.js';
import { modelCardFrom } from './model-card.js';
import { loadSavedRun } from './saved-run.js';

export interface ExportModelOptions {
  onnxPath: string;
  /** Write the model card beside the model (default true): it re-reads the data to audit the run. */
  card?: boolean;
  context?: Partial<ReportContext>;
  /** Re-creates the run's split (default: the data step's prepareTask). */
  prepare?: PrepareTask;
  bootstrap?: Partial<BootstrapOptions>;
}

export interface ExportedModel {
  onnxPath: string;
  onnxBytes: number;
  cardPath: string | null;
  card: ModelCard | null;
}

/** FILE.onnx → FILE.model-card.json. */
function cardPathFor(onnxPath: string): string {
  return `${onnxPath.replace(/\.onnx$/i, '')}.model-card.json`;
}

/**
 * Writes one run of a job folder as an ONNX model and, beside it, its model card (from the same audit the PDF
 * prints). Everything is computed before anything is written, so a failure leaves no half export behind.
 */
export async function exportModel(
  runDir: string,
  runIndex: number,
  options: ExportModelOptions,
): Promise<ExportedModel> {
  const onnxPath = path.resolve(options.onnxPath);
  const saved = await loadSavedRun(runDir, runIndex);
  const bytes = onnxOfRun(saved);
  let card: ModelCard | null = null;
  if (options.card !== false) {
    const bundle = await buildAuditBundle(runDir, runIndex, {
      ...(options.prepare ? { prepare: options.prepare } : {}),
      ...(options.bootstrap ? { bootstrap: options.bootstrap } : {}),
    });
    // App projects train on a cached copy of the data: name the file the user imported.
    const cached = await ownCacheEntry(bundle.main.task.dataset.path);
    card = modelCardFrom(
      reportInputFrom(bundle, options.context ?? {}, { json: '', csv: '' }),
      saved.config.model.hidden,
      cached?.meta.sourceName,
    );
  }
  await mkdir(path.dirname(onnxPath), { recursive: true });
  await writeFileAtomic(onnxPath, bytes);
  const cardPath = card ? cardPathFor(onnxPath) : null;
  if (card && cardPath) await writeFileAtomic(cardPath, `${JSON.stringify(card, null, 2)}\n`);
  return { onnxPath, onnxBytes: bytes.byteLength, cardPath, card };
}
