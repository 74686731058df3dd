import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { once } from 'node:events';
import type { ScoreSummary } from '../../../shared/ipc/channels/models.js';
import { encode, rowCount, textAt, type FittedColumn, type RawColumn } from '../data/preprocess.js';
import { predictWith } from '../engine/predict.js';
import type { SavedRun } from '../export/saved-run.js';
import { streamRawRows } from './raw-rows.js';

type UnseenCategories = ScoreSummary['unseen'][number];

export interface ScoreFileOptions {
  signal?: AbortSignal | undefined;
  onProgress?: ((rowsDone: number, totalRows: number) => void) | undefined;
}

const MAX_EXAMPLES = 3;

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Counts the text values of a category column that training never saw. */
class UnseenCounter {
  private readonly known: Set<string>;
  rows = 0;
  readonly examples = new Set<string>();

  /** Only for columns that kept every training level (one-hot without "other", codes): elsewhere an unknown value goes to "other" exactly as a rare one did. */
  constructor(readonly column: Extract<FittedColumn, { kind: 'onehot' | 'code' }>) {
    this.known = new Set(column.levels);
  }

  count(raw: RawColumn): void {
    for (let j = 0; j < rowCount(raw); j++) {
      const text = textAt(raw, j);
      if (text === null || this.known.has(text)) continue;
      this.rows++;
      if (this.examples.size < MAX_EXAMPLES) this.examples.add(text);
    }
  }

  summary(): UnseenCategories | null {
    if (this.rows === 0) return null;
    const c = this.column;
    return {
      column: c.name,
      rows: this.rows,
      examples: [...this.examples],
      treatedAs: c.kind === 'code' ? 'unknown code' : 'no level',
    };
  }
}

/**
 * Scores every row of a CSV/TSV/Parquet file with a saved run and writes `score,prediction[,group]`, one line per
 * input row in the file's order. The file is streamed in chunks and the output written as it goes, so memory stays
 * bounded whatever the file's size; the output appears only once complete (written beside it, then renamed).
 */
export async function scoreFile(
  saved: SavedRun,
  input: string,
  outPath: string,
  options: ScoreFileOptions = {},
): Promise<ScoreSummary> {
  const { model, preprocessing, config } = saved;
  const threshold = config.threshold;
  const target = path.resolve(outPath);
  await mkdir(path.dirname(target), { recursive: true });
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  const out = createWriteStream(temp);
  const counters = preprocessing.columns.flatMap((c) =>
    c.kind === 'code' || (c.kind === 'onehot' && !c.other) ? [new UnseenCounter(c)] : [],
  );
  let predictedPositive = 0;
  let headerWritten = false;
  try {
    const streamed = await streamRawRows(
      input,
      preprocessing,
      async (chunk) => {
        if (!headerWritten) {
          out.write(chunk.groups ? 'score,prediction,group\n' : 'score,prediction\n');
          headerWritten = true;
        }
        for (const counter of counters) counter.count(chunk.columns.get(counter.column.name)!);
        const rows = Int32Array.from({ length: chunk.rows }, (_, i) => i);
        const probs = predictWith(model, encode(preprocessing, chunk.columns, rows), chunk.rows);
        const lines: string[] = [];
        for (let i = 0; i < chunk.rows; i++) {
          const p = probs[i]!;
          const yhat = p >= threshold ? 1 : 0;
          predictedPositive += yhat;
          // Nine significant digits: every float32 probability reads back exactly.
          const score = Number(p.toPrecision(9));
          lines.push(chunk.groups ? `${score},${yhat},${csvField(chunk.groups[i]!)}` : `${score},${yhat}`);
        }
        if (!out.write(`${lines.join('\n')}\n`)) await once(out, 'drain');
        options.onProgress?.(chunk.start + chunk.rows, chunk.totalRows);
      },
      { signal: options.signal, groups: config.groups },
    );
    if (!headerWritten) out.write('score,prediction\n');
    out.end();
    await once(out, 'finish');
    await rename(temp, target);
    const notes = streamed.groupNote ? [streamed.groupNote] : [];
    return {
      outPath: target,
      rows: streamed.rows,
      predictedPositive,
      groups: config.groups.attributes.length > 0 && streamed.groupNote === null,
      unseen: counters.flatMap((c) => c.summary() ?? []),
      notes,
    };
  } catch (error) {
    out.destroy();
    await rm(temp, { force: true });
    throw error;
  }
}

/** One line per column with unseen categories, for a person to read. */
export function describeUnseen(u: UnseenCategories): string {
  const where =
    u.treatedAs === 'no level' ? 'scored with no level set (the column has no "other")' : 'scored as an unknown code';
  return `column ${u.column}: ${u.rows} row(s) hold categories never seen in training (e.g. ${u.examples.map((e) => `"${e}"`).join(', ')}); ${where}`;
}
