import { readFileSync } from 'node:fs';
import { paperTaskConfig, taskConfigSchema, type TaskConfigInput } from '../../shared/config/task-config.js';
import type { PreparedSplit, PreparedTask } from '../../main/core/data/prepared-task.js';
import { Rng } from '../../main/core/engine/rng.js';
import { sampleCsv } from './paths.js';

/** The columns of folktables' ACSIncome files (the bundled sample and shared/data's states), in file order. */
export const ACS_INCOME_COLUMNS = [
  'AGEP',
  'COW',
  'SCHL',
  'MAR',
  'OCCP',
  'POBP',
  'RELP',
  'WKHP',
  'SEX',
  'RAC1P',
  'PINCP',
];

/**
 * Test-only loader for the bundled ACSIncome-OK sample as the paper prepares it (docs/science/problem.md#the-papers-task):
 * label PINCP == "True", groups White (RAC1P == 1) / Non-white, 9 features (all but RAC1P and PINCP) standardised on train, an 80/20 split
 * stratified on the group. The product's loader is the data helper's prepareTask; this keeps engine tests independent.
 */
export function loadAcsSampleTask(overrides: Partial<TaskConfigInput> = {}, maxRows?: number): PreparedTask {
  const text = readFileSync(sampleCsv, 'utf8').trim().split(/\r?\n/);
  const header = text[0]!.split(',');
  const featureNames = header.filter((h) => h !== 'RAC1P' && h !== 'PINCP');
  const col = (name: string): number => header.indexOf(name);
  const rows = text.slice(1, maxRows ? maxRows + 1 : undefined).map((line) => line.split(','));
  const label = rows.map((r) => (r[col('PINCP')] === 'True' ? 1 : 0));
  const group = rows.map((r) => (Number(r[col('RAC1P')]) === 1 ? 0 : 1));
  const raw = rows.map((r) => featureNames.map((f) => Number(r[col(f)])));

  const rng = new Rng(42);
  const train: number[] = [];
  const test: number[] = [];
  for (const g of [0, 1]) {
    const members = Int32Array.from(group.flatMap((v, i) => (v === g ? [i] : [])));
    rng.shuffle(members);
    const nTest = Math.round(members.length * 0.2);
    members.forEach((m, k) => (k < nTest ? test : train).push(m));
  }
  train.sort((a, b) => a - b);
  test.sort((a, b) => a - b);
  const F = featureNames.length;
  const mean = new Array<number>(F).fill(0);
  const sd = new Array<number>(F).fill(0);
  for (const i of train) raw[i]!.forEach((v, j) => (mean[j]! += v / train.length));
  for (const i of train) raw[i]!.forEach((v, j) => (sd[j]! += (v - mean[j]!) ** 2 / train.length));
  const scale = sd.map((v) => (v > 0 ? Math.sqrt(v) : 1));
  const split = (idx: number[]): PreparedSplit => {
    const features = new Float32Array(idx.length * F);
    idx.forEach((i, r) => raw[i]!.forEach((v, j) => (features[r * F + j] = (v - mean[j]!) / scale[j]!)));
    return {
      rows: idx.length,
      features,
      labels: Float32Array.from(idx, (i) => label[i]!),
      groups: Int32Array.from(idx, (i) => group[i]!),
      sourceRows: Int32Array.from(idx),
    };
  };
  const base = paperTaskConfig(sampleCsv);
  const config = taskConfigSchema.parse({ ...base, ...overrides });
  const trainSplit = split(train);
  const count = (g: number): number => trainSplit.groups.filter((v) => v === g).length;
  return {
    config,
    featureNames,
    groupAttributes: ['RAC1P'],
    groups: [
      { name: 'White', parts: ['White'], trainCount: count(0), small: count(0) < config.groups.minSize },
      { name: 'Non-white', parts: ['Non-white'], trainCount: count(1), small: count(1) < config.groups.minSize },
    ],
    train: trainSplit,
    validation: null,
    test: split(test),
    preprocessing: { kind: 'test-standardise', featureNames, mean, scale },
    dataset: {
      path: sampleCsv,
      sha256: 'test',
      rowsRead: rows.length,
      rowsUsed: rows.length,
      droppedRows: 0,
      droppedReasons: {},
    },
  };
}
