import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resultsSchema, type Results } from '../../../shared/config/results.js';
import type { TaskConfigInput } from '../../../shared/config/task-config.js';
import { buildAudit } from '../../../main/core/audit/build-audit.js';
import { Rng } from '../../../main/core/engine/rng.js';
import { jsonData, runBin, trainRunDir } from './run-bin.js';

let dir: string;
const runDir = () => path.join(dir, 'run');

/** Group B's features and label are shifted up and the model sees the group, so an unconstrained model favours B. */
function table(rows: number, seed: number): string {
  const rng = new Rng(seed);
  const lines = ['x1,x2,grp,y'];
  for (let i = 0; i < rows; i++) {
    const grp = rng.float() < 0.5 ? 'A' : 'B';
    const x1 = rng.float() * 4 - 2 + (grp === 'B' ? 0.8 : -0.8);
    const x2 = rng.float() * 4 - 2;
    const y = x1 + 0.5 * x2 + (grp === 'B' ? 0.8 : 0) + rng.float() * 2 - 1 > 0 ? 1 : 0;
    lines.push(`${x1.toFixed(4)},${x2.toFixed(4)},${grp},${y}`);
  }
  return `${lines.join('\n')}\n`;
}

const config: TaskConfigInput = {
  name: 'shifted groups',
  data: { path: 'data.csv', label: { column: 'y', positive: ['1'] }, features: ['x1', 'x2', 'grp'] },
  split: { test: 0.3, validation: 0.2, seed: 3 },
  groups: { attributes: [{ column: 'grp' }] },
  constraints: [{ kind: 'positive-rate-gap', tolerance: 0.9 }],
  model: { hidden: [4] },
  solver: { name: 'adam', batchSize: 64, params: {} },
  budget: { iterations: 400 },
  runs: 1,
  backend: 'wasm',
  selection: 'last',
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'fairbound-cli-baseline-'));
  await writeFile(path.join(dir, 'data.csv'), table(4000, 5));
  await trainRunDir(dir, config);
}, 150_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function readResults(dir: string): Promise<Results> {
  return resultsSchema.parse(JSON.parse(await readFile(path.join(dir, 'results.json'), 'utf8')));
}

describe('fairbound baseline', () => {
  it('threshold optimizer (demographic parity): an ordinary job whose post-processed run closes the test gap, with verdicts', async () => {
    const result = await runBin(
      ['baseline', runDir(), '--method', 'threshold-optimizer', '--constraint', 'demographic-parity', '--json'],
      { timeoutMs: 120_000 },
    );
    expect(result.code, result.stderr).toBe(0);
    const { outDir } = jsonData<{ outDir: string }>(result);
    expect(outDir).toBe(path.join(runDir(), 'baselines', 'threshold-optimizer-demographic-parity-run-0'));
    const source = (await readResults(runDir())).runs[0]!;
    const written = await readResults(outDir);
    const run = written.runs[0]!;
    expect(run.solver).toBe('threshold-optimizer');
    expect(run.seed).toBe(source.seed);
    expect(run.message).toMatch(/fitted on the validation split to the adam network's scores/);
    expect(written.constraintNames).toEqual(['positive-rate-gap: A vs overall', 'positive-rate-gap: B vs overall']);
    // The source Adam run, unconstrained in effect (tolerance 0.9), selects B far more often than A.
    const sourceGap = source.test.summary.independence!;
    expect(sourceGap).toBeGreaterThan(0.3);
    // Fitted within 0.01 of a common rate on validation; on test only sampling noise (≈ 0.03 here) remains.
    expect(run.test.summary.independence!).toBeLessThan(sourceGap / 3);
    for (const c of run.test.constraints) {
      expect(c.tolerance).toBe(0.01);
      expect(c.upper).not.toBeNull();
      expect(['satisfied', 'inconclusive', 'violated']).toContain(c.verdict);
    }
    expect(run.warnings).toEqual([]);
    // The audit reads it like any job folder and certifies the same decisions.
    const audit = await buildAudit(outDir, 0, { bootstrap: { resamples: 50 } });
    const certified = audit.certificate.map((c) => c.splits.find((s) => s.split === 'test')!.verdict);
    // One certificate row for the constraint, covering its two measured gaps.
    expect(certified).toHaveLength(1);
    expect(run.test.constraints.map((c) => c.verdict)).toContain(certified[0]);
  }, 240_000);

  it('exponentiated gradient (equalized odds): trained on the same task and split, with the settings used', async () => {
    const out = path.join(dir, 'eg');
    const result = await runBin(
      [
        'baseline',
        runDir(),
        '--method',
        'exponentiated-gradient',
        '--constraint',
        'equalized-odds',
        '--tolerance',
        '0.05',
        '--topology',
        'pairwise',
        '--max-iter',
        '20',
        '--out',
        out,
      ],
      { timeoutMs: 120_000 },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/verdicts \(95 %\)/);
    const source = (await readResults(runDir())).runs[0]!;
    const run = (await readResults(out)).runs[0]!;
    expect(run.solver).toBe('exponentiated-gradient');
    expect(run.params).toEqual({ eps: 0.01, maxIterations: 20, eta0: 2, c: 1 });
    expect(run.test.n).toBe(source.test.n);
    expect(run.validation!.n).toBe(source.validation!.n);
    expect(source.test.summary.separation!).toBeGreaterThan(0.2);
    expect(run.test.summary.separation!).toBeLessThan(source.test.summary.separation! / 2);
  }, 120_000);

  it('is listed in --help, and its help states the defaults and what post-processing needs', async () => {
    expect((await runBin(['--help'])).stdout).toContain('  baseline ');
    const help = await runBin(['baseline', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('eps 0.01, max_iter 50, eta0 2.0');
    expect(help.stdout).toContain("Needs each person's protected attribute at prediction time");
  }, 30_000);

  it('bad options are named and nothing is written', async () => {
    const unknown = await runBin([
      'baseline',
      runDir(),
      '--method',
      'reweighing',
      '--constraint',
      'demographic-parity',
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(
      /--method: expected one of exponentiated-gradient, threshold-optimizer, got "reweighing"/,
    );
    const out = path.join(dir, 'never');
    const mixed = await runBin([
      'baseline',
      runDir(),
      '--method',
      'threshold-optimizer',
      '--constraint',
      'equalized-odds',
      '--eps',
      '0.1',
      '--out',
      out,
    ]);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(/--eps apply to exponentiated-gradient only/);
    expect(existsSync(out)).toBe(false);
  }, 60_000);
});
