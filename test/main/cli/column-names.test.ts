import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Certifiability } from '../../../shared/certifiability.js';
import { hasSharedData, sharedData } from '../../helpers/paths.js';
import { jsonData, runBin } from './run-bin.js';

const ADULT =
  'age,workclass,fnlwgt,education,education-num,marital-status,occupation,relationship,race,sex,capital-gain,capital-loss,hours-per-week,native-country,income'.split(
    ',',
  );

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'fairbound-cli-names-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** A task on UCI adult.data (no header row) that names its columns and uses the names everywhere. */
async function adultTask(columnNames: string[]): Promise<string> {
  const file = path.join(dir, `adult-${columnNames.length}.json`);
  await writeFile(
    file,
    JSON.stringify({
      data: {
        path: path.join(sharedData, 'uci_adult/adult.data'),
        columnNames,
        label: { column: 'income', positive: ['>50K'] },
        exclude: ['fnlwgt'],
      },
      split: { test: 0.2, validation: 0 },
      groups: { attributes: [{ column: 'sex' }] },
      constraints: [{ kind: 'positive-rate-gap', topology: 'each-vs-overall', tolerance: 0.05 }],
      solver: { name: 'adam' },
      budget: { epochs: 1 },
    }),
  );
  return file;
}

describe.skipIf(!hasSharedData)('fairbound inspect CONFIG with data.columnNames', () => {
  it('reads a headerless file under the config’s names', async () => {
    const json = jsonData<Certifiability>(await runBin(['inspect', await adultTask(ADULT), '--json']));
    expect(json.testRows).toBeGreaterThan(6_000);
    expect(json.constraints[0]).toMatchObject({ kind: 'positive-rate-gap', smallestGroup: { name: 'Female' } });
  });

  it('names the mistake when the list does not fit the file', async () => {
    const result = await runBin(['inspect', await adultTask(ADULT.slice(0, 14))]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/data\.columnNames: 14 column names given for 15 columns/);
  });
});
