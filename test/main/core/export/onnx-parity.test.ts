import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  paperTaskConfig,
  taskConfigSchema,
  type TaskConfig,
  type TaskConfigInput,
} from '../../../../shared/config/task-config.js';
import { prepareTask } from '../../../../main/core/data/prepare.js';
import { encode, type RawColumn } from '../../../../main/core/data/preprocess.js';
import { selectBackend } from '../../../../main/core/engine/backend.js';
import { runTrainingJob } from '../../../../main/core/engine/job.js';
import { onnxOfRun } from '../../../../main/core/export/export-onnx.js';
import { loadSavedRun } from '../../../../main/core/export/saved-run.js';
import { streamRawRows } from '../../../../main/core/scoring/raw-rows.js';
import { hasSharedData, sharedData } from '../../../helpers/paths.js';
import { tempDir } from '../data/helpers.js';
import { onnxFeeds, scoreWithOnnxRuntime } from './onnx-runtime.js';

const tmp = await tempDir('fairbound-onnx-');
beforeAll(async () => {
  await selectBackend('wasm');
});
afterAll(() => tmp.remove());

/** A tiny, fast model per dataset: two hidden layers (ReLU), a few dozen steps; exactness, not quality, is tested. */
function tiny(config: Omit<TaskConfigInput, 'solver' | 'budget'>): TaskConfig {
  return taskConfigSchema.parse({
    ...config,
    model: { hidden: [8, 4] },
    solver: { name: 'adam', batchSize: 64, params: {} },
    budget: { iterations: 40 },
    runs: 1,
    backend: 'wasm',
    selection: 'last',
  });
}

const data = (rel: string): string => path.join(sharedData, rel);

// Every shared dataset, with the encodings it exercises: one-hot with "other" and missing indicators (Adult's "?"),
// codes, numeric codes, booleans, gzip, dropped rows.
const CASES: [string, TaskConfig][] = [
  ['ACSIncome OK (paper task)', tiny(paperTaskConfig(data('acs_income_2018/states/OK.csv')))],
  [
    'ACSIncome WY (gzip), categorical codes one-hot',
    tiny({
      data: {
        path: data('acs_income_2018/states/WY.csv.gz'),
        label: { column: 'PINCP', positive: ['True'] },
        preprocessing: {
          maxLevels: 6,
          missing: 'impute',
          columns: { COW: { encoding: 'onehot' }, MAR: { encoding: 'code' } },
        },
      },
      split: { test: 0.25, seed: 3 },
      groups: { attributes: [{ column: 'SEX', map: { '1': 'Male', '2': 'Female' } }] },
    }),
  ],
  [
    'UCI Adult (adult.data): "?" as missing, indicators, "other"',
    tiny({
      data: {
        path: data('uci_adult/adult.data'),
        label: { column: 'column14', positive: ['>50K'] },
        preprocessing: { maxLevels: 6, missing: 'indicator', columns: { column03: { encoding: 'code' } } },
      },
      split: { test: 0.2, seed: 1 },
      groups: { attributes: [{ column: 'column09' }] },
    }),
  ],
  [
    'COMPAS: one-hot, codes, a date as a number, a dropped-row column, intersectional groups',
    tiny({
      data: {
        path: data('compas/compas-scores-two-years.csv'),
        label: { column: 'two_year_recid', rule: '== 1' },
        features: [
          'age',
          'priors_count',
          'c_charge_degree',
          'c_charge_desc',
          'juv_fel_count',
          'age_cat',
          'compas_screening_date',
        ],
        preprocessing: {
          maxLevels: 5,
          missing: 'indicator',
          columns: { priors_count: { missing: 'drop-row' }, age_cat: { encoding: 'code' } },
        },
      },
      split: { test: 0.2, validation: 0.1, seed: 7 },
      groups: {
        attributes: [
          { column: 'race', map: { 'African-American': 'Black', Caucasian: 'White', '*': 'Other' } },
          { column: 'sex' },
        ],
      },
    }),
  ],
  [
    'German credit (decoded): text categories',
    tiny({
      data: {
        path: data('german_credit/german_data_credit_decoded.csv'),
        label: { column: 'class-label', positive: ['1'] },
      },
      split: { test: 0.3, seed: 5 },
      groups: { attributes: [{ column: 'sex' }] },
    }),
  ],
  [
    'Dutch census: numeric codes one-hot',
    tiny({
      data: {
        path: data('dutch_census/dutch.csv'),
        label: { column: 'occupation', rule: '== 1' },
        preprocessing: {
          maxLevels: 8,
          missing: 'impute',
          columns: { edu_level: { encoding: 'onehot' }, economic_status: { encoding: 'onehot' } },
        },
      },
      split: { test: 0.2, seed: 2 },
      groups: { attributes: [{ column: 'sex' }] },
    }),
  ],
];

describe.skipIf(!hasSharedData)(
  'ONNX export agrees with the engine on every shared dataset (onnxruntime, test split)',
  () => {
    it.each(CASES)(
      '%s',
      async (name, config) => {
        const task = await prepareTask(config);
        const out = path.join(tmp.dir, name.replace(/\W+/g, '-'));
        const results = await runTrainingJob(task, out, () => {});
        expect(results.runs[0]!.status).toBe('completed');
        const saved = await loadSavedRun(out, 0);
        const engine = await readFile(path.join(out, 'predictions', 'run-0', 'test.f32'));
        const expected = new Float32Array(
          engine.buffer.slice(engine.byteOffset, engine.byteOffset + engine.byteLength),
        );
        expect(expected).toHaveLength(task.test.rows);

        // The raw test rows, read from the data file as a deployment would get them.
        const columns = new Map<string, RawColumn>();
        await streamRawRows(config.data.path, saved.preprocessing, async (chunk) => {
          for (const [column, values] of chunk.columns) {
            const have = columns.get(column);
            if (!have) columns.set(column, values);
            else if (have.kind === 'number' && values.kind === 'number')
              columns.set(column, { kind: 'number', values: Float64Array.from([...have.values, ...values.values]) });
            else if (have.kind === 'text' && values.kind === 'text') have.values.push(...values.values);
          }
        });
        const rows = task.test.sourceRows;
        // The reader reproduces the engine's inputs bit for bit.
        expect(
          Buffer.from(encode(saved.preprocessing, columns, rows).buffer).equals(
            Buffer.from(task.test.features!.buffer),
          ),
        ).toBe(true);

        const { probability, prediction } = await scoreWithOnnxRuntime(
          onnxOfRun(saved),
          onnxFeeds(saved.preprocessing, columns, rows),
        );
        let worst = 0;
        for (let i = 0; i < rows.length; i++) worst = Math.max(worst, Math.abs(probability[i]! - expected[i]!));
        expect(worst).toBeLessThanOrEqual(1e-5);
        const threshold = config.threshold;
        const disagreements = prediction.filter(
          (p, i) => p !== (expected[i]! >= threshold ? 1 : 0) && Math.abs(expected[i]! - threshold) > 1e-5,
        );
        expect(disagreements).toEqual([]);
        // A trained model, not a constant: the comparison covers a spread of scores.
        expect(Math.max(...expected) - Math.min(...expected)).toBeGreaterThan(0.01);
      },
      120_000,
    );
  },
);
