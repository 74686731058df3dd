import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LabelSpec } from '../../../../shared/config/task-config.js';
import { withConnection } from '../../../../main/core/data/duckdb.js';
import { importDataset } from '../../../../main/core/data/import.js';
import { leakageSuspects, signalOf } from '../../../../main/core/data/leakage.js';
import { openCachedTable } from '../../../../main/core/data/table.js';
import { hasSharedData, sharedData } from '../../../helpers/paths.js';
import { tempDir } from './helpers.js';

const tmp = await tempDir('fairbound-leakage-');
afterAll(() => tmp.remove());

/** The leakage suspects of a file imported into a throwaway project, as {column: kind}. */
async function suspectsOf(file: string, label: LabelSpec): Promise<Record<string, string>> {
  const ref = await importDataset(tmp.dir, file);
  const found = await withConnection(async (conn) => {
    const table = await openCachedTable(conn, path.join(tmp.dir, ref.cacheFile));
    return leakageSuspects(conn, table.sql, table.columns, label);
  });
  return Object.fromEntries(found.map((s) => [s.column, s.kind]));
}

/**
 * A bank-marketing-like file of 3,000 rows: `y` (≈ 12 % yes) is the outcome; `duration` (the call's length) is longer
 * for the calls that ended in a yes when `informative`, unrelated to `y` otherwise; age is noise.
 */
async function bankLike(informative: boolean): Promise<string> {
  const lines = ['age;duration;y'];
  for (let i = 0; i < 3000; i++) {
    const yes = i % 8 === 3;
    const spread = (i * 7919) % 400;
    const duration = informative ? (yes ? 120 + spread : spread) : 60 + ((i * 13) % 400);
    lines.push([25 + ((i * 37) % 50), duration, yes ? 'yes' : 'no'].join(';'));
  }
  return tmp.write(`bank-${informative ? 'informative' : 'flat'}.csv`, `${lines.join('\n')}\n`);
}

describe('one-column signal', () => {
  it('AUC counts each positive above every negative of a lower-rate group and half of its own group', () => {
    // Groups by positive rate: 0/2 → 1/2 → 2/2. Pairs: 3 positives × 3 negatives = 9; won: the 1/2 positive beats the
    // two negatives of 0/2 and half of its own (2.5); the two of 2/2 beat all three (6): 8.5 / 9.
    const s = signalOf([
      { p: 2, n: 0 },
      { p: 0, n: 2 },
      { p: 1, n: 1 },
    ])!;
    expect(s.auc).toBeCloseTo(8.5 / 9, 12);
    expect(s.accuracy).toBeCloseTo(5 / 6, 12);
    expect(s.baseline).toBe(0.5);
    expect(s.rowsPerKey).toBe(2);
    expect(signalOf([{ p: 3, n: 0 }])).toBeNull();
  });
});

describe('leakage hints', () => {
  it('asks about a "duration" that predicts the outcome strongly, and says nothing of one that does not', async () => {
    expect(await suspectsOf(await bankLike(true), { column: 'y', positive: ['yes'] })).toEqual({
      duration: 'recorded-after',
    });
    expect(await suspectsOf(await bankLike(false), { column: 'y', positive: ['yes'] })).toEqual({});
  });

  it('the question names the measured AUC and lets a known-up-front value stay', async () => {
    const ref = await importDataset(tmp.dir, await bankLike(true));
    const [hint] = await withConnection(async (conn) => {
      const table = await openCachedTable(conn, path.join(tmp.dir, ref.cacheFile));
      return leakageSuspects(conn, table.sql, table.columns, { column: 'y', positive: ['yes'] });
    });
    expect(hint!.reason).toMatch(
      /^Is duration known only after the outcome\? .* AUC of 0\.\d\d from its 20 quantile bins\. .*set it to Ignored; if it is .*keep it\.$/,
    );
  });
});

describe.skipIf(!hasSharedData)('leakage hints on the real datasets (shared/data)', () => {
  it("German credit: nothing, not even the loan's agreed duration", async () => {
    const file = path.join(sharedData, 'german_credit/german_data_credit_decoded.csv');
    expect(await suspectsOf(file, { column: 'class-label', rule: '== 1' })).toEqual({});
  });

  it('COMPAS two-year recidivism: the columns written after the outcome, not the risk scores', async () => {
    const file = path.join(sharedData, 'compas/compas-scores-two-years.csv');
    // is_recid is the outcome in other words (96.98 % right alone: just short of near-perfect, AUC 0.97); end and
    // event are the follow-up's end day and whether it ended in an offence. decile_score (AUC 0.70) and priors_count
    // (0.67) are what the audit is about, not leakage.
    expect(await suspectsOf(file, { column: 'two_year_recid', rule: '== 1' })).toEqual({
      is_recid: 'strong-predictor',
      end: 'strong-predictor',
      event: 'strong-predictor',
    });
  });

  it('UCI adult, the Dutch census and ACSIncome Oklahoma: nothing', async () => {
    expect(
      await suspectsOf(path.join(sharedData, 'uci_adult/adult.data'), { column: 'column14', positive: ['>50K'] }),
    ).toEqual({});
    // Education predicts occupation status with an AUC of 0.81, the strongest honest feature here: not flagged.
    expect(
      await suspectsOf(path.join(sharedData, 'dutch_census/dutch.csv'), { column: 'occupation', rule: '== 1' }),
    ).toEqual({});
    expect(
      await suspectsOf(path.join(sharedData, 'acs_income_2018/states/OK.csv'), { column: 'PINCP', positive: ['True'] }),
    ).toEqual({});
  });
});
