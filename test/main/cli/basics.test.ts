import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paperTaskConfig } from '../../../shared/config/task-config.js';
import type { Certifiability } from '../../../shared/certifiability.js';
import type { DatasetSummary } from '../../../shared/ipc/channels/datasets.js';
import { sampleCsv } from '../../helpers/paths.js';
import { ACS_INCOME_COLUMNS } from '../../helpers/acs-sample-task.js';
import { jsonData, runBin } from './run-bin.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'fairbound-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('fairbound (help and usage)', () => {
  it('lists the commands and the exit codes', async () => {
    const result = await runBin(['--help']);
    expect(result.code).toBe(0);
    for (const name of [
      'inspect',
      'run',
      'audit',
      'bench paper',
      'bench engine',
      'bench generalization',
      'serve',
      'project export',
      'project import',
    ]) {
      expect(result.stdout).toContain(`  ${name} `);
    }
    expect(result.stdout).toMatch(/130\s+cancelled/);
  });

  it('prints per-command help', async () => {
    const result = await runBin(['run', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: fairbound run CONFIG.json --out DIR');
    expect(result.stdout).toContain('--seconds S');
    expect((await runBin(['help', 'bench', 'paper'])).stdout).toContain('Usage: fairbound bench paper');
  });

  it('exits 2 on usage errors, naming the option', async () => {
    const unknown = await runBin(['inspect', sampleCsv, '--colour']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Unknown option '--colour'");
    const badNumber = await runBin(['run', 'x.json', '--out', dir, '--runs', 'two']);
    expect(badNumber.code).toBe(2);
    expect(badNumber.stderr).toContain('--runs: expected an integer ≥ 1');
    const noCommand = await runBin(['frobnicate']);
    expect(noCommand.code).toBe(2);
    expect(noCommand.stderr).toContain('unknown command "frobnicate"');
    const group = await runBin(['bench']);
    expect(group.code).toBe(2);
    expect(group.stderr).toContain('"bench" needs a sub-command: bench paper, bench engine');
  });
});

describe('fairbound inspect', () => {
  it('summarises the sample as text and as JSON', async () => {
    const text = await runBin(['inspect', sampleCsv]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('17917 rows, 11 columns');
    expect(text.stdout).toMatch(/PINCP\s+boolean/);
    const json = jsonData<DatasetSummary>(await runBin(['inspect', sampleCsv, '--json']));
    expect(json.rows).toBe(17_917);
    expect(json.columns.map((c) => c.name)).toEqual(ACS_INCOME_COLUMNS);
    expect(json.columns.every((c) => c.missing === 0)).toBe(true);
  });

  it('given a task config, says what its test split can certify, before any training', async () => {
    const file = path.join(dir, 'task.json');
    await writeFile(
      file,
      JSON.stringify({
        ...paperTaskConfig(sampleCsv),
        constraints: [{ kind: 'loss-gap', topology: 'pairwise', tolerance: 0.005 }],
      }),
    );
    const text = await runBin(['inspect', file]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(
      /C1 Loss gap ≤ 0\.005: with 914 test rows in Non-white, gaps below ≈ 0\.044 cannot be told from noise; to certify 0\.005 you need ≈ [\d,]+ test rows/,
    );
    const json = jsonData<Certifiability>(await runBin(['inspect', file, '--json']));
    expect(json.testRows).toBe(3_584);
    expect(json.constraints[0]).toMatchObject({
      kind: 'loss-gap',
      smallestGroup: { name: 'Non-white', testRows: 914 },
    });
  });

  it('exits 3 on an unreadable file and reports it in JSON', async () => {
    const result = await runBin(['inspect', path.join(dir, 'nope.csv'), '--json']);
    expect(result.code).toBe(3);
    const parsed = JSON.parse(result.stdout) as {
      ok: boolean;
      exitCode: number;
      error: { code: string; message: string };
    };
    expect(parsed).toMatchObject({ ok: false, exitCode: 3 });
    expect(parsed.error.message).toContain('nope.csv');
  });
});

describe('fairbound run (config errors)', () => {
  it('exits 2 listing every invalid field of the config', async () => {
    const file = path.join(dir, 'bad.json');
    const config = {
      ...paperTaskConfig('data.csv'),
      colour: 'red',
      solver: { name: 'ssl-alm', params: { tua: 1, mu: -1 } },
    };
    await writeFile(file, JSON.stringify(config));
    const result = await runBin(['run', file, '--out', path.join(dir, 'out'), '--json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('(root): unknown field(s) "colour"');
    const parsed = JSON.parse(result.stdout) as { error: { code: string; details: { issues: string[] } } };
    expect(parsed.error.code).toBe('invalid-config');
    expect(parsed.error.details.issues).toEqual(['(root): unknown field(s) "colour"']);
  });

  it('names solver parameters once the schema passes', async () => {
    const file = path.join(dir, 'params.json');
    await writeFile(
      file,
      JSON.stringify({ ...paperTaskConfig('data.csv'), solver: { name: 'ssl-alm', params: { tua: 1, mu: -1 } } }),
    );
    const result = await runBin(['run', file, '--out', path.join(dir, 'out')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('solver.params.tua: unknown parameter for solver "ssl-alm"');
    expect(result.stderr).toContain('solver.params.mu: out of range, mu=-1');
  });

  it('exits 3 when the data file named by the config is missing', async () => {
    const file = path.join(dir, 'missing-data.json');
    await writeFile(file, JSON.stringify(paperTaskConfig('no-such.csv')));
    const result = await runBin(['run', file, '--out', path.join(dir, 'out')]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('no-such.csv does not exist');
  });
});
