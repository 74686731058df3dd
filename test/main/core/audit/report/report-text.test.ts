import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelInputs, proxiesText } from '../../../../../main/core/audit/report/sections-back.js';
import { multiplierMeaning } from '../../../../../shared/multiplier-text.js';
import { repoRoot } from '../../../../helpers/paths.js';

describe('report text', () => {
  it('names the model’s own inputs as possible proxies, never examples the dataset lacks', () => {
    const bank = modelInputs(['age', 'job=admin.', 'job=technician', 'balance', 'balance__missing', 'duration']);
    expect(bank).toEqual(['age', 'job', 'balance', 'duration']);
    const text = proxiesText([], bank);
    expect(text).toMatch(
      /Protected attributes are not model inputs\. Its other inputs \(age, job, balance, duration\) can still carry group information/,
    );
    expect(text).not.toMatch(/occupation|place of birth|relationship/);
    expect(proxiesText(['SEX'], ['SEX', 'AGEP'])).toMatch(/SEX are also model inputs\. Its other input \(AGEP\)/);
    expect(proxiesText(['SEX'], ['SEX'])).toMatch(/no other inputs/);
  });

  it('explains signed SSL-ALM multipliers and non-negative ones of other solvers', () => {
    expect(multiplierMeaning('ssl-alm')).toMatch(
      /signed: above 0 .* at or below 0 the constraint is met with room to spare/,
    );
    expect(multiplierMeaning('gda')).toMatch(/stay at or above 0/);
  });

  it('the report sources and the docs cite papers and docs/, not a SCIENCE.md users do not have', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((n) => {
        const full = path.join(dir, n);
        return statSync(full).isDirectory() ? files(full) : [full];
      });
    const cited = [
      ...files(path.join(repoRoot, 'main/core/audit/report')),
      ...files(path.join(repoRoot, 'docs')),
      path.join(repoRoot, 'README.md'),
    ].filter((f) => readFileSync(f, 'utf8').includes('SCIENCE.md'));
    expect(cited.map((f) => path.relative(repoRoot, f))).toEqual([]);
  });
});
