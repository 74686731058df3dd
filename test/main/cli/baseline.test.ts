import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baselineResultSchema } from '../../../shared/config/baseline.js';
import type { TaskConfigInput } from '../../../shared/config/task-config.js';
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

describe('fairbound baseline', () => {
  it('threshold optimizer (demographic parity): fitted on validation, closes the test gap, names what scoring needs', async () => {
    const result = await runBin(
      ['baseline', runDir(), '--method', 'threshold-optimizer', '--constraint', 'demographic-parity', '--json'],
      { timeoutMs: 120_000 },
    );
    expect(result.code, result.stderr).toBe(0);
    const { outPath } = jsonData<{ outPath: string }>(result);
    expect(outPath).toBe(path.join(runDir(), 'baselines', 'threshold-optimizer-demographic-parity-run-0.json'));
    const written = baselineResultSchema.parse(JSON.parse(await readFile(outPath, 'utf8')));
    expect(written.fittedOn).toBe('validation');
    expect(written.requirements.join(' ')).toMatch(/protected attribute/);
    const source = written.sourceTest.demographicParity!;
    const post = written.test.demographicParity!;
    expect(source.value).toBeGreaterThan(0.3);
    // Equal on validation by construction; on test only sampling noise remains.
    expect(post.value).toBeLessThan(source.value / 3);
    expect(post.value).toBeLessThan(3 * post.se);
    expect(written.test.degenerate).toBe(false);
    expect(written.test.n).toBe(written.sourceTest.n);
  }, 120_000);

  it('exponentiated gradient (equalized odds): a mixture and its best member, with the settings used', async () => {
    const out = path.join(dir, 'eg.json');
    const result = await runBin(
      [
        'baseline',
        runDir(),
        '--method',
        'exponentiated-gradient',
        '--constraint',
        'equalized-odds',
        '--max-iter',
        '20',
        '--out',
        out,
      ],
      { timeoutMs: 120_000 },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/best deterministic member/);
    const written = baselineResultSchema.parse(JSON.parse(await readFile(out, 'utf8')));
    expect(written.params).toMatchObject({ eps: 0.01, bound: 0.01, maxIterations: 20, eta0: 2 });
    expect(written.fittedOn).toBe('train');
    expect(written.deterministicTest).not.toBeNull();
    expect(written.sourceTest.equalizedOdds!.value).toBeGreaterThan(0.2);
    expect(written.test.equalizedOdds!.value).toBeLessThan(written.sourceTest.equalizedOdds!.value / 2);
  }, 120_000);

  it('is listed in --help, and its help states the defaults and what post-processing needs', async () => {
    expect((await runBin(['--help'])).stdout).toContain('  baseline ');
    const help = await runBin(['baseline', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('eps 0.01, bound 0.01, max_iter 50, eta0 2.0');
    expect(help.stdout).toContain("Scoring needs each row's protected attribute");
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
      /--method: expected one of threshold-optimizer, exponentiated-gradient, got "reweighing"/,
    );
    const out = path.join(dir, 'never.json');
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
