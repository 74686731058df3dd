import { describe, expect, it } from 'vitest';
import { dataWarnings } from '../../../../renderer/src/views/data/data-warnings.js';

const stats = (positives: number, negatives: number) => ({
  column: 'y',
  positives,
  negatives,
  missing: 0,
  baseRate: positives / (positives + negatives),
});

describe('data tab warnings', () => {
  it('warns about an imbalanced label and a 0.5 threshold on the wrong side of its base rate, with the reason', () => {
    // The bank-marketing label: 11.7 % yes.
    const bank = dataWarnings(stats(5289, 39_922), 0.5, []);
    expect(bank.map((w) => w.kind)).toEqual(['imbalance', 'threshold']);
    expect(bank[0]!.text).toMatch(/only 11\.7 % of rows are positive.*always guessing the majority scores 88\.3 %/);
    expect(bank[1]!.text).toMatch(/threshold of 0\.5 is likely to predict negative for nearly everyone/);
    // The law-school label: 89 % positive.
    expect(dataWarnings(stats(19_400, 2391), 0.5, [])[1]!.text).toMatch(/predict positive for nearly everyone/);
  });

  it('says nothing for a balanced label or a threshold near the base rate; measured leakage warns, a name asks', () => {
    expect(dataWarnings(stats(5059, 12_858), 0.5, [])).toEqual([]);
    expect(dataWarnings(stats(5289, 39_922), 0.15, []).map((w) => w.kind)).toEqual(['imbalance']);
    const leak = dataWarnings(stats(50, 50), 0.5, [
      { column: 'status', kind: 'near-perfect', reason: 'status alone predicts…' },
      { column: 'duration', kind: 'recorded-after', reason: 'Is duration known only after the outcome? …' },
    ]);
    expect(leak).toEqual([
      { kind: 'leakage', text: 'Possible leakage — status alone predicts…' },
      { kind: 'leakage', text: 'Is duration known only after the outcome? …' },
    ]);
  });
});
