/**
 * One measurement of the scale benchmark, in its own process so that its peak RSS is its own (bench/scale.ts runs it):
 *   tsx bench/scale-steps.ts raw FILE              DuckDB alone: CREATE TABLE … AS SELECT * FROM read_csv(FILE)
 *   tsx bench/scale-steps.ts import FILE           importDataset into a fresh project (hash, Parquet cache, summary)
 *   tsx bench/scale-steps.ts inspect FILE          inspectDataset (what `fairbound inspect` does)
 *   tsx bench/scale-steps.ts rounds FILE N         N rounds of raw, import and inspect back to back in this process
 *                                                  (order rotating each round), after a warm-up: each round's
 *                                                  import ÷ raw and inspect ÷ raw, by wall clock and by CPU time
 *   tsx bench/scale-steps.ts cache CONFIG          prepareTask once, so that the file is in the cache for `train`
 *   tsx bench/scale-steps.ts train CONFIG OUT      prepareTask (cached) + one training run + an audit of it
 * Prints one JSON line: seconds per phase and peak RSS in MiB (getrusage's maxrss); `rounds` prints ratios per round.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { taskConfigSchema } from '../shared/config/task-config.js';
import type { TrainingProgress } from '../shared/config/progress.js';

const peakMiB = () => process.resourceUsage().maxRSS / 1024;
const seconds = (from: number) => (performance.now() - from) / 1000;
const [mode, a, b] = process.argv.slice(2);

async function raw(file: string) {
  const { withConnection } = await import('../main/core/data/duckdb.js');
  const { literal } = await import('../main/core/data/sql.js');
  const start = performance.now();
  await withConnection((conn) => conn.run(`CREATE TABLE t AS SELECT * FROM read_csv(${literal(file)})`));
  return { seconds: seconds(start), peakMiB: peakMiB() };
}

async function importFile(file: string) {
  const { importDataset } = await import('../main/core/data/import.js');
  const project = await mkdtemp(path.join(os.tmpdir(), 'fairbound-scale-'));
  try {
    const start = performance.now();
    await importDataset(project, file);
    return { seconds: seconds(start), peakMiB: peakMiB() };
  } finally {
    await rm(project, { recursive: true, force: true });
  }
}

async function inspectFile(file: string) {
  const { inspectDataset } = await import('../main/core/data/inspect.js');
  const start = performance.now();
  await inspectDataset(file);
  return { seconds: seconds(start), peakMiB: peakMiB() };
}

const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/**
 * Raw DuckDB, importDataset and inspectDataset back to back, `count` times, so that a change in the machine's load
 * hits the three sides of a round alike. The order rotates each round, and a warm-up (another small CSV through all
 * three) first pays the process's one-off costs (DuckDB's start, the first CSV sniff, JIT), which would otherwise fall
 * on whichever side ran first.
 */
async function rounds(file: string, count: number) {
  const { withConnection } = await import('../main/core/data/duckdb.js');
  const { literal } = await import('../main/core/data/sql.js');
  const { importDataset } = await import('../main/core/data/import.js');
  const { inspectDataset } = await import('../main/core/data/inspect.js');
  const work = await mkdtemp(path.join(os.tmpdir(), 'fairbound-rounds-'));
  try {
    const sides = {
      raw: (f: string) =>
        withConnection(async (conn) => {
          await conn.run(`CREATE TEMP TABLE raw_read AS SELECT * FROM read_csv(${literal(f)})`);
          await conn.run('DROP TABLE raw_read');
        }),
      import: (f: string) => mkdtemp(path.join(work, 'project-')).then((project) => importDataset(project, f)),
      inspect: (f: string) => inspectDataset(f),
    };
    const warmUp = path.join(work, 'warm-up.csv');
    await writeFile(warmUp, `a,b,c\n${Array.from({ length: 2000 }, (_, i) => `${i},${i % 7},x${i % 3}`).join('\n')}\n`);
    for (const side of Object.values(sides)) await side(warmUp);
    const names = Object.keys(sides) as (keyof typeof sides)[];
    const out: Record<string, number> = {};
    for (let round = 0; round < count; round++) {
      const wall: Record<string, number> = {};
      const cpu: Record<string, number> = {};
      for (let k = 0; k < names.length; k++) {
        const name = names[(round + k) % names.length]!;
        const [startWall, startCpu] = [performance.now(), cpuSeconds()];
        await sides[name](file);
        wall[name] = seconds(startWall);
        cpu[name] = cpuSeconds() - startCpu;
      }
      out[`import${round}`] = wall['import']! / wall['raw']!;
      out[`inspect${round}`] = wall['inspect']! / wall['raw']!;
      out[`importCpu${round}`] = cpu['import']! / cpu['raw']!;
      out[`inspectCpu${round}`] = cpu['inspect']! / cpu['raw']!;
      out[`rawSeconds${round}`] = wall['raw']!;
    }
    return out;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function cache(configFile: string) {
  const config = taskConfigSchema.parse(JSON.parse(await readFile(configFile, 'utf8')));
  const { prepareTask } = await import('../main/core/data/prepare.js');
  const start = performance.now();
  await prepareTask(config, { baseDir: path.dirname(configFile) });
  return { seconds: seconds(start), peakMiB: peakMiB() };
}

async function train(configFile: string, outDir: string) {
  const config = taskConfigSchema.parse(JSON.parse(await readFile(configFile, 'utf8')));
  const { prepareTask } = await import('../main/core/data/prepare.js');
  const { runTrainingJob } = await import('../main/core/engine/job.js');
  const { buildAudit } = await import('../main/core/audit/build-audit.js');
  const { readHistoryFile } = await import('../main/core/training/history-store.js');
  const start = performance.now();
  const task = await prepareTask(config, { baseDir: path.dirname(configFile) });
  const prepareSeconds = seconds(start);
  let firstStep: number | null = null;
  const results = await runTrainingJob(task, outDir, (p: TrainingProgress) => {
    if (firstStep === null && p.points.length > 0) firstStep = seconds(start);
  });
  const wall = seconds(start);
  const trainPeak = peakMiB();
  // Evaluation share: the run's own measured time in full evaluations (and the estimate of their cost) over its wall.
  const run = results.runs[0]!;
  const history = await readHistoryFile(path.resolve(outDir, run.history));
  const evaluations = new Set(history.evaluations.map((e) => e.iteration)).size;
  const evaluationSeconds = run.evaluationSeconds ?? 0;
  const auditStart = performance.now();
  await buildAudit(outDir, 0, {
    prepare: (c) => prepareTask(c, { baseDir: path.dirname(configFile) }),
    bootstrap: { resamples: 1000 },
  });
  const auditSeconds = seconds(auditStart);
  return {
    rows: task.dataset.rowsUsed,
    groups: task.groups.length,
    prepareSeconds,
    firstStepSeconds: firstStep,
    wallSeconds: wall,
    budgetSeconds: config.budget.seconds ?? null,
    evaluations,
    evaluationSeconds,
    evaluationShare: evaluationSeconds / wall,
    auditSeconds,
    peakMiB: trainPeak,
  };
}

const out =
  mode === 'raw'
    ? await raw(a!)
    : mode === 'import'
      ? await importFile(a!)
      : mode === 'inspect'
        ? await inspectFile(a!)
        : mode === 'rounds'
          ? await rounds(a!, Number(b))
          : mode === 'cache'
            ? await cache(a!)
            : mode === 'train'
              ? await train(a!, b!)
              : null;
if (!out) {
  process.stderr.write(
    'usage: scale-steps.ts raw|import|inspect FILE | rounds FILE N | cache CONFIG | train CONFIG OUT\n',
  );
  process.exit(2);
}
process.stdout.write(`${JSON.stringify(out)}\n`);
process.exit(0);
