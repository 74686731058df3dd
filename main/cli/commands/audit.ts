import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { describeConfigIssues } from '../../../shared/config/task-config.js';
import { flag, numberOption, stringOption, requiredStringOption } from '../args.js';
import type { Command } from '../command.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { checkDataPath, checkOutputFile } from '../check-paths.js';
import { countVerdicts, pickRun, verdictText } from '../run-summary.js';

async function fileExists(file: string): Promise<boolean> {
  return (await stat(file).catch(() => null)) !== null;
}

export const CONTEXT_FIELDS = [
  'systemName',
  'systemVersion',
  'author',
  'authorRole',
  'independence',
  'decision',
  'affected',
  'outOfScope',
  'intervention',
  'rationale',
  'distributionDate',
] as const;
const contextSchema = z.strictObject(
  Object.fromEntries(CONTEXT_FIELDS.map((k) => [k, z.string().optional()])) as Record<
    (typeof CONTEXT_FIELDS)[number],
    z.ZodOptional<z.ZodString>
  >,
);

export async function readContext(file: string): Promise<z.infer<typeof contextSchema>> {
  let raw: unknown;
  try {
    raw = JSON.parse((await readFile(file, 'utf8')).replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new UsageError(`--context ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = contextSchema.safeParse(raw);
  if (!parsed.success) throw new UsageError(`--context ${file}: ${describeConfigIssues(parsed.error).join('; ')}`);
  return parsed.data;
}

export const auditCommand: Command = {
  name: 'audit',
  summary: 'Write the fairness-audit PDF of a finished run folder.',
  usage:
    'audit DIR --pdf FILE [--run N] [--baseline DIR [--baseline-run N]] [--threshold T] [--context FILE.json] [--force]',
  details: `
Audits one run of a folder written by \`fairbound run\` (or a job of the app): per-group metrics with bootstrap
confidence intervals, the constraint certificate on the test split, and the report's provenance. Writes FILE
(PDF) and, beside it, FILE's .json (the full audit) and .csv (the group table). The data is re-read from the
config's data.path, so it must still be there (its hash is checked).

Options:
  --pdf FILE          the PDF to write (required)
  --run N             which run (default: the best one, chosen on validation or train — marked * by \`run\`)
  --baseline DIR      compare with a run of another folder (e.g. an unconstrained SGD run)
  --baseline-run N    which run of the baseline (default: its best one)
  --threshold T       decision threshold (default: the run's own, as recorded in results.json)
  --resamples N       bootstrap resamples (default 1000)
  --force             replace FILE's .json and .csv when they already exist (refused otherwise)
  --context FILE      JSON with the report's context fields (${CONTEXT_FIELDS.join(', ')}); blanks print as placeholders

With --json, prints {"pdfPath", "jsonPath", "csvPath", "run", "baselineRun"}.`,
  options: {
    pdf: { type: 'string' },
    run: { type: 'string' },
    baseline: { type: 'string' },
    'baseline-run': { type: 'string' },
    threshold: { type: 'string' },
    resamples: { type: 'string' },
    context: { type: 'string' },
    force: { type: 'boolean' },
  },
  positionals: [1, 1],
  async run(ctx, args) {
    const pdf = requiredStringOption(args, 'pdf', 'FILE', 'where to write the report');
    const runOption = numberOption(args, 'run', { integer: true, min: 0 });
    const baselineRunOption = numberOption(args, 'baseline-run', { integer: true, min: 0 });
    const threshold = numberOption(args, 'threshold', { min: 0, exclusiveMin: true, max: 0.999999 });
    const resamples = numberOption(args, 'resamples', { integer: true, min: 10, max: 100_000 });
    const contextFile = stringOption(args, 'context');
    const context = contextFile === undefined ? {} : await readContext(contextFile);
    const baselineOption = stringOption(args, 'baseline');
    if (baselineOption === undefined && baselineRunOption !== undefined)
      throw new UsageError('--baseline-run needs --baseline DIR');

    await checkOutputFile(path.resolve(pdf), '--pdf');
    const { exportAudit } = await import('../../core/audit/export-audit.js');
    const { readResultsFile } = await import('../../core/audit/run-source.js');
    const { prepareTask } = await import('../../core/data/prepare.js');
    const dir = path.resolve(args.positionals[0]!);
    const run = pickRun(await readResultsFile(dir), dir, runOption, '--run');
    const baselineDir = baselineOption === undefined ? undefined : path.resolve(baselineOption);
    const baselineRun =
      baselineDir === undefined
        ? undefined
        : pickRun(await readResultsFile(baselineDir), baselineDir, baselineRunOption, '--baseline-run');

    // The report's JSON and CSV are written beside the PDF under the same name: never over a file the user did not
    // ask to replace (a data file called X.csv next to X.pdf, say).
    if (!flag(args, 'force')) {
      const stem = path.resolve(pdf).replace(/\.pdf$/i, '');
      for (const companion of [`${stem}.json`, `${stem}.csv`]) {
        if (await fileExists(companion))
          throw new UsageError(
            `--pdf ${pdf}: the report's companion ${companion} already exists; choose another name or pass --force to replace it`,
          );
      }
    }
    const progress = ctx.progress();
    progress.update(0.1, `auditing run ${run} of ${dir}`);
    const exported = await exportAudit(dir, run, {
      pdfPath: pdf,
      prepare: async (config) => {
        await checkDataPath(config.data.path, path.join(dir, 'results.json'));
        return prepareTask(config, { signal: ctx.signal });
      },
      context,
      ...(baselineDir === undefined ? {} : { baselineDir, baselineIndex: baselineRun }),
      ...(threshold === undefined ? {} : { threshold }),
      ...(resamples === undefined ? {} : { bootstrap: { resamples } }),
    });
    progress.done();
    ctx.emit(
      { ...exported, run, baselineRun: baselineRun ?? null },
      `Audit of run ${run}${baselineRun === undefined ? '' : ` (baseline: run ${baselineRun} of ${baselineDir})`}:\n  ${exported.pdfPath}\n  ${exported.jsonPath}\n  ${exported.csvPath}\n` +
        `  test verdicts (95 %): ${exported.testVerdicts.length ? verdictText(countVerdicts(exported.testVerdicts)) : 'no constraints'}` +
        (exported.warnings.length ? `  WARNING ${exported.warnings.join(', ')}` : ''),
    );
    return EXIT.ok;
  },
};
