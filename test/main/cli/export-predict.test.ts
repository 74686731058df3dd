import { spawn } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resultsSchema } from '../../../shared/config/results.js';
import { taskConfigSchema, type TaskConfigInput } from '../../../shared/config/task-config.js';
import { modelCardSchema } from '../../../shared/model-card.js';
import { withConnection } from '../../../main/core/data/duckdb.js';
import { prepareTask } from '../../../main/core/data/prepare.js';
import { literal } from '../../../main/core/data/sql.js';
import { Rng } from '../../../main/core/engine/rng.js';
import { repoRoot } from '../../helpers/paths.js';
import { scoreWithOnnxRuntime } from '../core/export/onnx-runtime.js';
import { BIN, jsonData, runBin, trainRunDir } from './run-bin.js';
import * as ort from 'onnxruntime-node';

let dir: string;
const JOBS = ['Clerk', 'Nurse', 'Driver', 'Teacher', 'Chef', 'Pilot'];
const CITIES = ['North', 'South', 'East'];

/** A synthetic table with numbers, categories (some rare: "other"), missing hours and a group-dependent label. */
function row(rng: Rng): string {
  const sex = rng.float() < 0.5 ? 'F' : 'M';
  const age = 18 + Math.floor(rng.float() * 50);
  const hours = rng.float() < 0.1 ? '' : String(20 + Math.floor(rng.float() * 40));
  const job = JOBS[Math.min(JOBS.length - 1, Math.floor(rng.float() ** 2 * JOBS.length))]!;
  const city = CITIES[Math.floor(rng.float() * CITIES.length)]!;
  const score =
    (age - 40) / 15 +
    (hours === '' ? 0 : (Number(hours) - 40) / 10) +
    (job === 'Pilot' || job === 'Nurse' ? 1 : 0) +
    (sex === 'M' ? 0.5 : 0);
  const y = score + rng.float() * 2 - 1 > 0 ? 1 : 0;
  return `${age},${hours},${job},${city},${sex},${y}`;
}
const HEADER = 'age,hours,job,city,sex,y';

async function writeRows(
  file: string,
  n: number,
  seed: number,
  header = HEADER,
  edit: (line: string) => string = (l) => l,
): Promise<void> {
  const out = createWriteStream(file);
  const rng = new Rng(seed);
  out.write(`${header}\n`);
  for (let start = 0; start < n; start += 10_000) {
    const lines: string[] = [];
    for (let i = start; i < Math.min(n, start + 10_000); i++) lines.push(edit(row(rng)));
    if (!out.write(`${lines.join('\n')}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

const dataFile = () => path.join(dir, 'people.csv');
const runDir = () => path.join(dir, 'run');
const config: TaskConfigInput = {
  name: 'synthetic people',
  data: {
    path: 'people.csv',
    label: { column: 'y', positive: ['1'] },
    preprocessing: { maxLevels: 4, missing: 'indicator', columns: {} },
  },
  split: { test: 0.25, seed: 1 },
  groups: { attributes: [{ column: 'sex', map: { F: 'Female', M: 'Male' } }] },
  constraints: [{ kind: 'positive-rate-gap', tolerance: 0.2 }],
  model: { hidden: [6] },
  solver: { name: 'adam', batchSize: 32, params: {} },
  budget: { iterations: 300 },
  runs: 1,
  backend: 'wasm',
};

function parseScores(text: string): { header: string; rows: string[][] } {
  const lines = text.trimEnd().split('\n');
  return { header: lines[0]!, rows: lines.slice(1).map((l) => l.split(',')) };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'fairbound-cli-export-'));
  await writeRows(dataFile(), 3000, 11);
  await trainRunDir(dir, config);
}, 150_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('fairbound export', () => {
  it('writes the ONNX model and its model card; onnxruntime scores as `predict` does', async () => {
    const onnx = path.join(dir, 'out', 'model.onnx');
    const result = await runBin(['export', runDir(), '--onnx', onnx, '--resamples', '50', '--json'], {
      timeoutMs: 120_000,
    });
    expect(result.code, result.stderr).toBe(0);
    const data = jsonData<{ onnxPath: string; cardPath: string; run: number }>(result);
    expect(data.onnxPath).toBe(onnx);
    expect(data.cardPath).toBe(path.join(dir, 'out', 'model.model-card.json'));

    const results = resultsSchema.parse(JSON.parse(await readFile(path.join(runDir(), 'results.json'), 'utf8')));
    const card = modelCardSchema.parse(JSON.parse(await readFile(data.cardPath, 'utf8')));
    expect(card.data.sha256).toBe(results.dataset.sha256);
    expect(card.groups.map((g) => g.name).sort()).toEqual(['Female', 'Male']);
    expect(card.constraints).toHaveLength(1);
    expect(card.constraints[0]!.tolerance).toBe(0.2);
    expect(['satisfied', 'violated', 'inconclusive', 'undefined']).toContain(card.constraints[0]!.test.verdict);
    const acc = card.metrics.overall.accuracy;
    expect(acc.lo!).toBeLessThanOrEqual(acc.value!);
    expect(acc.value!).toBeLessThanOrEqual(acc.hi!);
    expect(card.metrics.overall.accuracy.value).toBeCloseTo(results.runs[0]!.test.accuracy, 10);
    expect(card.intendedUse.decision).toBeNull();

    const scored = await runBin(['predict', runDir(), dataFile(), '--out', path.join(dir, 'scores.csv'), '--json']);
    expect(scored.code, scored.stderr).toBe(0);
    const { rows } = parseScores(await readFile(path.join(dir, 'scores.csv'), 'utf8'));
    const lines = (await readFile(dataFile(), 'utf8'))
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    const feeds = {
      age: new ort.Tensor(
        'float64',
        Float64Array.from(lines, (l) => Number(l[0])),
        [lines.length, 1],
      ),
      hours: new ort.Tensor(
        'float64',
        Float64Array.from(lines, (l) => (l[1] === '' ? Number.NaN : Number(l[1]))),
        [lines.length, 1],
      ),
      job: new ort.Tensor(
        'string',
        lines.map((l) => l[2]!),
        [lines.length, 1],
      ),
      city: new ort.Tensor(
        'string',
        lines.map((l) => l[3]!),
        [lines.length, 1],
      ),
    };
    const { probability, prediction } = await scoreWithOnnxRuntime(await readFile(onnx), feeds);
    expect(rows).toHaveLength(lines.length);
    rows.forEach((r, i) => {
      expect(Math.abs(Number(r[0]) - probability[i]!)).toBeLessThan(1e-5);
      expect(Number(r[1])).toBe(prediction[i]);
    });
  }, 120_000);

  it('--no-card writes the model only; a run that does not exist is named', async () => {
    const onnx = path.join(dir, 'only.onnx');
    const result = await runBin(['export', runDir(), '--onnx', onnx, '--no-card']);
    expect(result.code, result.stderr).toBe(0);
    expect(existsSync(onnx)).toBe(true);
    expect(existsSync(path.join(dir, 'only.model-card.json'))).toBe(false);
    const bad = await runBin(['export', runDir(), '--onnx', onnx, '--run', '4']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--run: .* has runs 0…0, not 4/);
  }, 60_000);

  it('without the training data the card cannot be made: the error says so and points to --no-card, and nothing is written', async () => {
    const moved = path.join(dir, 'elsewhere');
    const copy = path.join(moved, 'run');
    await cp(runDir(), copy, { recursive: true });
    const results = JSON.parse(await readFile(path.join(copy, 'results.json'), 'utf8')) as {
      config: { data: { path: string } };
    };
    results.config.data.path = path.join(moved, 'gone.csv');
    await writeFile(path.join(copy, 'results.json'), JSON.stringify(results));
    const onnx = path.join(moved, 'model.onnx');
    const failed = await runBin(['export', copy, '--onnx', onnx]);
    expect(failed.code).toBe(3);
    expect(failed.stderr).toMatch(/gone\.csv does not exist.*--no-card exports the model alone/);
    expect(existsSync(onnx)).toBe(false);
    expect((await runBin(['export', copy, '--onnx', onnx, '--no-card'])).code).toBe(0);
  }, 60_000);
});

describe('fairbound predict', () => {
  it("scores every input row in order, with the group; test rows match the engine's own predictions", async () => {
    const out = path.join(dir, 'all.csv');
    const result = await runBin(['predict', runDir(), dataFile(), '--out', out, '--json']);
    expect(result.code, result.stderr).toBe(0);
    const summary = jsonData<{ rows: number; groups: boolean; unseen: unknown[]; predictedPositive: number }>(result);
    expect(summary).toMatchObject({ rows: 3000, groups: true, unseen: [] });
    const { header, rows } = parseScores(await readFile(out, 'utf8'));
    expect(header).toBe('score,prediction,group');
    expect(rows).toHaveLength(3000);
    expect(summary.predictedPositive).toBe(rows.filter((r) => r[1] === '1').length);
    const input = (await readFile(dataFile(), 'utf8')).trimEnd().split('\n').slice(1);
    rows.forEach((r, i) => expect(r[2]).toBe(input[i]!.split(',')[4] === 'F' ? 'Female' : 'Male'));

    const task = await prepareTask(taskConfigSchema.parse({ ...config, data: { ...config.data, path: dataFile() } }));
    const engine = await readFile(path.join(runDir(), 'predictions', 'run-0', 'test.f32'));
    const expected = new Float32Array(engine.buffer.slice(engine.byteOffset, engine.byteOffset + engine.byteLength));
    task.test.sourceRows.forEach((source, i) =>
      expect(Math.abs(Number(rows[source]![0]) - expected[i]!)).toBeLessThan(1e-6),
    );
  }, 60_000);

  it('scores a Parquet file exactly as the same rows in CSV', async () => {
    const parquet = path.join(dir, 'people.parquet');
    await withConnection((conn) =>
      conn.run(`COPY (SELECT * FROM read_csv(${literal(dataFile())})) TO ${literal(parquet)} (FORMAT parquet)`),
    );
    const fromCsv = path.join(dir, 'from-csv.csv');
    const fromParquet = path.join(dir, 'from-parquet.csv');
    expect((await runBin(['predict', runDir(), dataFile(), '--out', fromCsv])).code).toBe(0);
    const result = await runBin(['predict', runDir(), parquet, '--out', fromParquet]);
    expect(result.code, result.stderr).toBe(0);
    expect(await readFile(fromParquet, 'utf8')).toBe(await readFile(fromCsv, 'utf8'));
  }, 60_000);

  it('reports categories never seen in training, per column, and still scores them', async () => {
    const file = path.join(dir, 'unseen.csv');
    await writeRows(file, 50, 99, HEADER, (l) =>
      l.replace(/,(North|South|East),/, ',Atlantis,').replace(/,([A-Z][a-z]+),Atlantis/, ',Astronaut,Atlantis'),
    );
    const result = await runBin(['predict', runDir(), file, '--out', path.join(dir, 'unseen-scores.csv'), '--json']);
    expect(result.code, result.stderr).toBe(0);
    const summary = jsonData<{
      rows: number;
      unseen: { column: string; rows: number; examples: string[]; treatedAs: string }[];
    }>(result);
    expect(summary.rows).toBe(50);
    // "city" has 3 levels, under maxLevels, so no "other" column: Atlantis sets no level. "job" folds its rare
    // levels into "other", where Astronaut goes as a rare job did in training: not reported.
    expect(summary.unseen).toEqual([{ column: 'city', rows: 50, examples: ['Atlantis'], treatedAs: 'no level' }]);
    const text = await runBin(['predict', runDir(), file, '--out', path.join(dir, 'unseen-scores.csv')]);
    expect(text.stdout).toMatch(
      /column city: 50 row\(s\) hold categories never seen in training \(e\.g\. "Atlantis"\)/,
    );
  }, 60_000);

  it('a file lacking a model column is refused by name, and nothing is written; without the protected column there is no group', async () => {
    const noHours = path.join(dir, 'no-hours.csv');
    await writeRows(noHours, 20, 5, 'age,job,city,sex,y', (l) => l.replace(/^(\d+),[^,]*,/, '$1,'));
    const out = path.join(dir, 'no-hours-scores.csv');
    const refused = await runBin(['predict', runDir(), noHours, '--out', out]);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(
      /no-hours\.csv lacks the column the model needs: hours \(it has: age, job, city, sex, y\)/,
    );
    expect(existsSync(out)).toBe(false);

    const noSex = path.join(dir, 'no-sex.csv');
    await writeRows(noSex, 20, 6, 'age,hours,job,city,y', (l) => l.replace(/,[FM],/, ','));
    const result = await runBin(['predict', runDir(), noSex, '--out', path.join(dir, 'no-sex-scores.csv'), '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(jsonData<{ groups: boolean; notes: string[] }>(result)).toMatchObject({
      groups: false,
      notes: [expect.stringMatching(/lacks the protected attribute sex/)],
    });
    expect((await readFile(path.join(dir, 'no-sex-scores.csv'), 'utf8')).split('\n')[0]).toBe('score,prediction');
  }, 60_000);
});

/** Runs the CLI and samples its peak resident memory (VmHWM) from /proc until it exits. */
async function peakRss(args: string[]): Promise<{ code: number | null; peakMb: number; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let peakKb = 0;
  const sample = async (): Promise<void> => {
    const status = await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '');
    const m = /VmHWM:\s+(\d+) kB/.exec(status);
    if (m) peakKb = Math.max(peakKb, Number(m[1]));
  };
  const timer = setInterval(() => void sample(), 50);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearInterval(timer);
  return { code, peakMb: peakKb / 1024, stderr };
}

describe.skipIf(process.platform !== 'linux')('fairbound predict on a large file', () => {
  it('streams 1,000,000 rows in bounded memory: peak RSS grows little from 100,000 rows to 1,000,000', async () => {
    const small = path.join(dir, 'rows-100k.csv');
    const large = path.join(dir, 'rows-1m.csv');
    await writeRows(small, 100_000, 21);
    await writeRows(large, 1_000_000, 22);
    const a = await peakRss(['predict', runDir(), small, '--out', path.join(dir, 'scores-100k.csv'), '-q']);
    expect(a.code, a.stderr).toBe(0);
    const b = await peakRss(['predict', runDir(), large, '--out', path.join(dir, 'scores-1m.csv'), '-q']);
    expect(b.code, b.stderr).toBe(0);
    const text = await readFile(path.join(dir, 'scores-1m.csv'), 'utf8');
    expect(text.trimEnd().split('\n')).toHaveLength(1_000_001);
    // Ten times the rows: holding them (or the output) in memory would add hundreds of MB.
    console.log(`predict peak RSS: ${a.peakMb.toFixed(0)} MB for 100k rows, ${b.peakMb.toFixed(0)} MB for 1M rows`);
    expect(b.peakMb - a.peakMb).toBeLessThan(150);
  }, 300_000);
});
