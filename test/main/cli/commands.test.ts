import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium } from '../../../main/core/chromium.js';
import { resultsSchema } from '../../../shared/config/results.js';
import { paperTaskConfig, taskConfigSchema, type TaskConfigInput } from '../../../shared/config/task-config.js';
import { sampleCsv } from '../../helpers/paths.js';
import { jsonData, runBin } from './run-bin.js';

let dir: string;
let configDir: string;

/** The paper task with a small budget, data.path relative to the config's folder as users write it. */
function smallConfig(overrides: Partial<TaskConfigInput> = {}): TaskConfigInput {
  return {
    ...paperTaskConfig(path.relative(configDir, sampleCsv)),
    solver: { name: 'ssl-alm', batchSize: 8 },
    budget: { seconds: 1 },
    runs: 2,
    ...overrides,
  };
}

async function writeConfig(name: string, config: TaskConfigInput): Promise<string> {
  const file = path.join(configDir, name);
  await writeFile(file, JSON.stringify(config, null, 2));
  return file;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'fairbound-cli-cmd-'));
  configDir = path.join(dir, 'configs');
  await mkdir(configDir);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('fairbound run → audit', () => {
  const out = () => path.join(dir, 'run-out');

  it('trains as configured and writes results.json, models and histories', async () => {
    const config = await writeConfig('task.json', smallConfig());
    const result = await runBin(['run', config, '--out', out(), '--seconds', '0.5', '--seed', '3', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const data = jsonData<{ results: string; bestRun: number | null; runs: { status: string; iterations: number }[] }>(
      result,
    );
    expect(data.runs).toHaveLength(2);
    expect(data.runs.every((r) => r.status === 'completed' && r.iterations > 0)).toBe(true);
    expect(data.bestRun).not.toBeNull();

    const results = resultsSchema.parse(JSON.parse(await readFile(data.results, 'utf8')));
    const config2 = taskConfigSchema.parse(results.config);
    expect(config2.budget.seconds).toBe(0.5);
    expect(config2.seed).toBe(3);
    expect(config2.data.path).toBe(sampleCsv);
    expect(results.dataset.rows).toBe(17_917);
    expect(results.constraintNames).toEqual(['loss-gap: White vs Non-white']);
    for (const run of results.runs) {
      expect(run.test.n).toBe(3_584);
      expect(run.train.n).toBe(14_333);
      expect(existsSync(path.join(out(), run.model, 'model.json'))).toBe(true);
      const history = (await readFile(path.join(out(), run.history), 'utf8')).trim().split('\n');
      expect(history.some((l) => l.includes('"type":"evaluation"'))).toBe(true);
    }
    // Progress went to stderr as plain lines (not a TTY), never to stdout.
    expect(result.stderr).toMatch(/\] +\d+% run 1\/2/);
    expect(result.stderr).not.toContain('\r');
  });

  it('writes the audit PDF of the default run, and names a run that does not exist', async () => {
    const pdf = path.join(dir, 'report', 'audit.pdf');
    const result = await runBin(['audit', out(), '--pdf', pdf, '--resamples', '50', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const data = jsonData<{ pdfPath: string; jsonPath: string; csvPath: string; run: number }>(result);
    expect((await readFile(data.pdfPath)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(existsSync(data.jsonPath) && existsSync(data.csvPath)).toBe(true);
    const bad = await runBin(['audit', out(), '--pdf', pdf, '--run', '7']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--run: ');
    expect(bad.stderr).toContain('has runs 0…1, not 7');
  });

  it('exits 5 with --strict=certified unless every test verdict is satisfied; plain --strict only on violated', async () => {
    // A tolerance of 0 can never be certified (an upper bound is always above 0); 10 always is for a loss gap.
    const zero = await writeConfig(
      'strict.json',
      smallConfig({ runs: 1, solver: { name: 'sgd' }, constraints: [{ kind: 'loss-gap', tolerance: 0 }] }),
    );
    const lax = await runBin(['run', zero, '--out', path.join(dir, 'lax'), '--seconds', '0.3']);
    expect(lax.code, lax.stderr).toBe(0);
    expect(lax.stdout).toMatch(
      /run 0\* completed +iteration \d+ of \d+ .* verdicts \(95 %\): 1 (violated|inconclusive)/,
    );
    expect(lax.stderr).toMatch(/certifiable on the test split \(3,584 rows, 95 %/);
    const certified = await runBin([
      'run',
      zero,
      '--out',
      path.join(dir, 'strict'),
      '--seconds',
      '0.3',
      '--strict=certified',
    ]);
    expect(certified.code).toBe(5);
    expect(certified.stderr).toMatch(/strict: run 0: 1 test constraint\(s\) (violated|not certified)/);
    // Trained long enough to decide (0.3 s of SGD predicts "negative" for 98 % of rows: degenerate, so trivial).
    const loose = await writeConfig(
      'loose.json',
      smallConfig({
        runs: 1,
        solver: { name: 'adam', batchSize: 64 },
        budget: { iterations: 600 },
        constraints: [{ kind: 'loss-gap', tolerance: 10 }],
      }),
    );
    const passes = await runBin(['run', loose, '--out', path.join(dir, 'loose'), '--strict']);
    expect(passes.code, passes.stderr).toBe(0);
    expect(passes.stdout).toContain('verdicts (95 %): 1 satisfied');
    const bad = await runBin(['run', loose, '--out', path.join(dir, 'bad'), '--strict=sometimes']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--strict: expected --strict or --strict=certified, got "--strict=sometimes"');
  });

  it('cancels on SIGINT, keeps the runs so far and exits 130', async () => {
    const config = await writeConfig('long.json', smallConfig({ runs: 3, budget: { seconds: 60 } }));
    const target = path.join(dir, 'cancelled');
    let sent = false;
    const result = await runBin(['run', config, '--out', target], {
      onStderr: (text, child) => {
        if (!sent && text.includes('run 1/3 training')) {
          sent = true;
          child.kill('SIGINT');
        }
      },
    });
    expect(sent).toBe(true);
    expect(result.code).toBe(130);
    const results = resultsSchema.parse(JSON.parse(await readFile(path.join(target, 'results.json'), 'utf8')));
    expect(results.runs.map((r) => r.status)).toEqual(['cancelled']);
  });
});

describe('fairbound bench paper', () => {
  it('runs the paper task per method and writes the table, CSV and convergence plots', async () => {
    const out = path.join(dir, 'bench');
    const result = await runBin([
      'bench',
      'paper',
      '--runs',
      '2',
      '--seconds',
      '0.5',
      '--methods',
      'sgd,switching-subgradient',
      '--out',
      out,
      '--json',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const data = jsonData<{
      methods: {
        solver: string;
        completed: number;
        iterations: { mean: number };
        test: { aucMean: { mean: number } };
      }[];
    }>(result);
    expect(data.methods.map((m) => m.solver)).toEqual(['sgd', 'switching-subgradient']);
    for (const m of data.methods) {
      expect(m.completed).toBe(2);
      expect(m.iterations.mean).toBeGreaterThan(0);
      expect(m.test.aucMean.mean).toBeGreaterThan(0.5);
    }
    const markdown = await readFile(path.join(out, 'table.md'), 'utf8');
    expect(markdown).toContain('| SGD (unconstrained) | 0.');
    expect(markdown).toContain('\\|L0−L1\\|');
    const csv = (await readFile(path.join(out, 'table.csv'), 'utf8')).trim().split('\n');
    expect(csv[0]).toMatch(/^solver,split,runs,completed,aucMean_mean,aucMean_std,/);
    expect(csv.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual([
      'sgd,train',
      'sgd,test',
      'switching-subgradient,train',
      'switching-subgradient,test',
    ]);
    // The practitioners' baselines, run as methods with the same runs and budget, in their own table section.
    const baselines = jsonData<{ baselines: { solver: string; completed: number }[] }>(result).baselines;
    expect(baselines.map((b) => [b.solver, b.completed])).toEqual([
      ['exponentiated-gradient', 2],
      ['threshold-optimizer', 2],
    ]);
    expect(markdown).toContain("Practitioners' baselines (demographic parity");
    expect(markdown).toContain('| Reductions (exponentiated gradient) | 0.');
    expect(markdown).toContain('| Post-processing (group thresholds) | 0.');
    const task = taskConfigSchema.parse(
      JSON.parse(await readFile(path.join(out, 'methods', 'sgd', 'task.json'), 'utf8')),
    );
    expect(task).toMatchObject({
      selection: 'last',
      runs: 2,
      budget: { seconds: 0.5 },
      solver: { name: 'sgd', batchSize: 8 },
    });
    if (findChromium()) {
      for (const png of ['convergence-loss-gap.png', 'convergence-loss.png']) {
        expect((await readFile(path.join(out, png))).subarray(1, 4).toString('ascii')).toBe('PNG');
      }
    }
    const again = await runBin([
      'bench',
      'paper',
      '--out',
      out,
      '--report-only',
      '--runs',
      '2',
      '--seconds',
      '0.5',
      '--quiet',
    ]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('Stochastic switching subgradient');
    expect(again.stdout).toContain('Post-processing (group thresholds)');
  });

  it('rejects an unknown method by name', async () => {
    const result = await runBin(['bench', 'paper', '--methods', 'sgd,adamw']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--methods: unknown solver(s) "adamw"');
  });
});

describe('fairbound project import / export', () => {
  it('turns a config into an app project and back', async () => {
    const dataDir = path.join(dir, 'app-data');
    const config = await writeConfig('for-app.json', smallConfig({ name: 'From the CLI' }));
    const imported = await runBin(['project', 'import', config, '--data-dir', dataDir, '--json']);
    expect(imported.code, imported.stderr).toBe(0);
    const { projectId } = jsonData<{ projectId: string }>(imported);
    expect(await readdir(path.join(dataDir, 'projects'))).toContain(projectId);

    const exportedFile = path.join(dir, 'exported.json');
    const exported = await runBin(['project', 'export', projectId, '--data-dir', dataDir, '--out', exportedFile]);
    expect(exported.code, exported.stderr).toBe(0);
    const back = taskConfigSchema.parse(JSON.parse(await readFile(exportedFile, 'utf8')));
    expect(back.name).toBe('From the CLI');
    expect(back.data.path).toBe(sampleCsv);
    expect(back.solver).toEqual({ name: 'ssl-alm', batchSize: 8, params: {} });

    const missing = await runBin(['project', 'export', 'no-such-project', '--data-dir', dataDir]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no-such-project');
  });
});

describe('fairbound serve', () => {
  it('serves the headless app until Ctrl-C, then exits 0', async () => {
    let url: string | null = null;
    let status: number | null = null;
    const result = await runBin(['serve', '--data-dir', path.join(dir, 'serve-data'), '--port', '0'], {
      onStdout: (text, child) => {
        const match = /running at (http:\/\/\S+)/.exec(text);
        if (match && url === null) {
          url = match[1]!;
          void fetch(url).then(
            (res) => {
              status = res.status;
              child.kill('SIGINT');
            },
            () => child.kill('SIGINT'),
          );
        }
      },
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=/);
    expect(status).not.toBeNull();
    expect(result.code).toBe(0);
  });
});

describe('fairbound bench engine', () => {
  it('checks its backends before starting the benchmark', async () => {
    const result = await runBin(['bench', 'engine', 'cuda']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown backend(s) cuda');
  });

  it('rejects batch sizes that are not a list of positive integers', async () => {
    const result = await runBin(['bench', 'engine', 'wasm', '--batches', '64,0']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--batches: expected batch sizes like 64,1024, got "64,0"');
  });

  it('rejects a repeat count that is not a positive integer', async () => {
    const result = await runBin(['bench', 'engine', 'wasm', '--repeats', '0']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--repeats');
  });
});
