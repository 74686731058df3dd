import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paperTaskConfig, type TaskConfigInput } from '../../../shared/config/task-config.js';
import { sampleCsv } from '../../helpers/paths.js';
import { runBin, type BinResult } from './run-bin.js';

let dir: string;
let config: string;
let aFile: string;

/** The paper task on the sample with a tiny budget. */
function small(): TaskConfigInput {
  return { ...paperTaskConfig(sampleCsv), solver: { name: 'sgd' }, budget: { seconds: 0.2 }, runs: 1 };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'fairbound-cli-errors-'));
  config = path.join(dir, 'task.json');
  await writeFile(config, JSON.stringify(small()));
  aFile = path.join(dir, 'a-file.txt');
  await writeFile(aFile, 'not a folder');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** One line on stderr (besides progress lines and the usage hint), no stack frames. */
function expectOneLine(result: BinResult, pattern: RegExp): void {
  const lines = result.stderr
    .trim()
    .split('\n')
    .filter((line) => !line.startsWith('Try "fairbound') && !/^\[[#-]+\]/.test(line));
  expect(lines, result.stderr).toHaveLength(1);
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(lines[0]).toMatch(pattern);
}

describe('fairbound: one line naming the path, checked before any long work', () => {
  it('run --out on an existing file', async () => {
    const started = Date.now();
    const result = await runBin(['run', config, '--out', aFile]);
    expect(result.code).toBe(2);
    expectOneLine(result, new RegExp(`--out ${aFile.replace(/[.]/g, '\\.')}: is a file, not a folder`));
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('run --out under a file', async () => {
    const result = await runBin(['run', config, '--out', path.join(aFile, 'sub')]);
    expect(result.code).toBe(2);
    expectOneLine(result, /: .*a-file\.txt is a file, so nothing can be created under it/);
  });

  it('run --out on a folder holding results: refused, and --force replaces them', async () => {
    const out = path.join(dir, 'done');
    await mkdir(out);
    await writeFile(path.join(out, 'results.json'), '{"earlier": true}');
    const refused = await runBin(['run', config, '--out', out]);
    expect(refused.code).toBe(2);
    expectOneLine(refused, /already holds results \(results\.json\); choose another folder, or pass --force/);
    const forced = await runBin(['run', config, '--out', out, '--force', '--seconds', '0.2']);
    expect(forced.code, forced.stderr).toBe(0);

    // The finished folder, audited with a Chromium that cannot start: one line naming it and FAIRBOUND_CHROMIUM.
    const audit = await runBin(['audit', out, '--pdf', path.join(dir, 'audit.pdf'), '--resamples', '10'], {
      env: { FAIRBOUND_CHROMIUM: '/bin/false' },
    });
    expect(audit.code).toBe(1);
    expectOneLine(audit, /Chromium at \/bin\/false could not start .*Point FAIRBOUND_CHROMIUM at a working Chromium/);
  }, 180_000);

  it('audit --pdf never replaces an existing file beside the PDF (its .csv/.json) unless --force', async () => {
    const out = path.join(dir, 'to-audit');
    const trained = await runBin(['run', config, '--out', out, '--seconds', '0.2']);
    expect(trained.code, trained.stderr).toBe(0);
    const data = path.join(dir, 'people.csv');
    await writeFile(data, 'id,income\n1,2\n');
    const result = await runBin(['audit', out, '--pdf', path.join(dir, 'people.pdf')]);
    expect(result.code).toBe(2);
    expectOneLine(
      result,
      /--pdf .*people\.pdf: the report's companion .*people\.csv already exists; choose another name or pass --force/,
    );
    expect(await readFile(data, 'utf8')).toBe('id,income\n1,2\n');
  }, 120_000);

  it('audit --pdf under a file', async () => {
    const result = await runBin(['audit', dir, '--pdf', path.join(aFile, 'x.pdf')]);
    expect(result.code).toBe(2);
    expectOneLine(result, /--pdf .*: .*a-file\.txt is a file, so nothing can be created under it/);
  });

  it('audit on a malformed, then a schema-invalid results.json', async () => {
    const runDir = path.join(dir, 'bad-results');
    await mkdir(runDir);
    await writeFile(path.join(runDir, 'results.json'), '{"runs": [');
    const malformed = await runBin(['audit', runDir, '--pdf', path.join(dir, 'r.pdf')]);
    expect(malformed.code).toBe(1);
    expectOneLine(malformed, /results\.json is not valid JSON/);
    await writeFile(path.join(runDir, 'results.json'), '{"runs": "none"}');
    const invalid = await runBin(['audit', runDir, '--pdf', path.join(dir, 'r.pdf')]);
    expect(invalid.code).toBe(1);
    expectOneLine(invalid, /results\.json is not a valid results file: \S+: /);
  });

  it('a missing data file is named by its field and resolved path', async () => {
    const file = path.join(dir, 'missing-data.json');
    await writeFile(file, JSON.stringify(paperTaskConfig('data/no-such.csv')));
    const result = await runBin(['run', file, '--out', path.join(dir, 'never')]);
    expect(result.code).toBe(3);
    expectOneLine(
      result,
      new RegExp(`data\\.path: ${path.join(dir, 'data', 'no-such.csv').replace(/[.]/g, '\\.')} does not exist`),
    );
  });

  it('a config saved with a UTF-8 byte-order mark is read', async () => {
    const file = path.join(dir, 'bom.json');
    await writeFile(file, `\uFEFF${JSON.stringify(paperTaskConfig('no-such.csv'))}`);
    const result = await runBin(['run', file, '--out', path.join(dir, 'never')]);
    // Parsed and validated: the next problem is the (deliberately) missing data file, not the BOM.
    expect(result.code).toBe(3);
    expectOneLine(result, /data\.path: .*no-such\.csv does not exist/);
  });
});
