import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GeneralizationResult } from '../../../../main/cli/bench/generalization.js';
import { paperTaskConfig, type TaskConfigInput } from '../../../../shared/config/task-config.js';
import { sampleCsv } from '../../../helpers/paths.js';
import { jsonData, runBin } from '../run-bin.js';

let dir: string;

async function writeConfig(name: string, overrides: Partial<TaskConfigInput>): Promise<string> {
  const { split: _split, ...paper } = paperTaskConfig(sampleCsv);
  const file = path.join(dir, name);
  await writeFile(
    file,
    JSON.stringify({
      ...paper,
      split: { test: 0.2, seed: 42 },
      solver: { name: 'gda', batchSize: 8 },
      runs: 1,
      backend: 'wasm',
      ...overrides,
    }),
  );
  return file;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'fairbound-bench-gen-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('fairbound bench generalization', () => {
  it('pairs a constrained solver with its baseline on each re-split and reports effects, transfer and verdicts', async () => {
    const config = await writeConfig('task.json', {});
    const out = path.join(dir, 'out');
    const result = await runBin(
      [
        'bench',
        'generalization',
        config,
        '--resplits',
        '2',
        '--iterations',
        '60',
        '--held-out',
        '--out',
        out,
        '--json',
      ],
      { timeoutMs: 240_000 },
    );
    expect(result.code, result.stderr).toBe(0);
    const data = jsonData<GeneralizationResult>(result);
    expect(data.variants.map((v) => v.label)).toEqual(['gda', 'gda + dual(validation, hard)']);
    for (const v of data.variants) {
      expect(v.summary.resplits).toBe(2);
      const c = v.summary.constraints[0]!;
      expect(c.name).toBe('loss-gap: White vs Non-white');
      expect(c.testEffect.n).toBe(2);
      const verdicts = Object.values(v.summary.constrained.verdicts).reduce((a, b) => a + b, 0);
      expect(verdicts).toBe(2);
    }
    // Each pair uses one split seed; re-splits use different ones.
    const taskOf = async (k: number, solver: string) =>
      JSON.parse(await readFile(path.join(out, `resplit-${k}`, solver, 'task.json'), 'utf8')) as {
        split: { seed: number };
        solver: { name: string };
      };
    expect((await taskOf(0, 'sgd')).split.seed).toBe((await taskOf(0, 'gda')).split.seed);
    expect((await taskOf(1, 'gda')).split.seed).toBe((await taskOf(0, 'gda')).split.seed + 1);
    expect((await taskOf(1, 'gda-dual')).solver).toMatchObject({
      name: 'gda',
      dual: { split: 'validation', rates: 'hard' },
    });
    expect(await readFile(path.join(out, 'table.md'), 'utf8')).toMatch(/\| transfer \|/);
  });

  it('refuses an unconstrained task solver or baseline, naming the problem', async () => {
    const sgd = await writeConfig('sgd.json', { solver: { name: 'sgd', batchSize: 8 } });
    const unconstrained = await runBin(['bench', 'generalization', sgd, '--out', path.join(dir, 'x')]);
    expect(unconstrained.code).toBe(2);
    expect(unconstrained.stderr).toContain('solver "sgd" is unconstrained');
    const config = await writeConfig('task2.json', {});
    const baseline = await runBin([
      'bench',
      'generalization',
      config,
      '--baseline',
      'ssl-alm',
      '--out',
      path.join(dir, 'y'),
    ]);
    expect(baseline.code).toBe(2);
    expect(baseline.stderr).toContain('"ssl-alm" is not an unconstrained solver');
  });
});
