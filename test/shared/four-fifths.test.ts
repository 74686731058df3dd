import { describe, expect, it } from 'vitest';
import { combineFourFifths, judgeFourFifths, ll144SelectionCaveat } from '../../shared/four-fifths.js';

const ratio = (value: number | null, lo: number | null, hi: number | null, reason?: string) => ({
  value,
  lo,
  hi,
  ...(reason ? { reason } : {}),
});

describe('four-fifths rule judged on the interval', () => {
  it('is inconclusive when the interval reaches below 0.8, though the point estimate is above it', () => {
    const j = judgeFourFifths({ impactRatio: ratio(0.825, 0.753, 0.904), confidence: 0.95 });
    expect(j.verdict).toBe('inconclusive');
    expect(j.reason).toBe('95 % interval [0.753, 0.904] straddles 0.8: the data cannot tell');
  });

  it('passes only when the lower end is at or above 0.8, fails only when the upper end is below it', () => {
    expect(judgeFourFifths({ impactRatio: ratio(0.9, 0.8, 1.0), confidence: 0.95 })).toEqual({
      verdict: 'pass',
      reason: '95 % interval [0.800, 1.000] at or above 0.8',
    });
    expect(judgeFourFifths({ impactRatio: ratio(0.7, 0.6, 0.799), confidence: 0.9 })).toEqual({
      verdict: 'fail',
      reason: '90 % interval [0.600, 0.799] below 0.8',
    });
    expect(judgeFourFifths({ impactRatio: ratio(0.7, 0.6, 0.8), confidence: 0.95 }).verdict).toBe('inconclusive');
  });

  it('says inconclusive, with the caller’s reason, when the predictions carry no evidence, even for an interval far from 0.8', () => {
    const unusable = 'degenerate model (predicts negative for 99.9 % of rows)';
    expect(judgeFourFifths({ impactRatio: ratio(0, 0, 0), confidence: 0.95, unusable })).toEqual({
      verdict: 'inconclusive',
      reason: unusable,
    });
    expect(judgeFourFifths({ impactRatio: ratio(1, 1, 1), confidence: 0.95, unusable }).verdict).toBe('inconclusive');
  });

  it('is n/a without a ratio and inconclusive without an interval', () => {
    expect(judgeFourFifths({ impactRatio: ratio(null, null, null, 'no rows'), confidence: 0.95 })).toEqual({
      verdict: 'n/a',
      reason: 'no rows',
    });
    expect(judgeFourFifths({ impactRatio: ratio(0.9, null, null), confidence: 0.95 }).verdict).toBe('inconclusive');
  });

  it('combines a table worst first: one fail fails it, any doubt leaves it inconclusive, n/a rows do not count', () => {
    const pass = { verdict: 'pass', reason: 'p' } as const;
    const open = { verdict: 'inconclusive', reason: 'i' } as const;
    const fail = { verdict: 'fail', reason: 'f' } as const;
    const none = { verdict: 'n/a', reason: 'n' } as const;
    expect(combineFourFifths([pass, open, fail, pass])).toBe(fail);
    expect(combineFourFifths([pass, open, none])).toBe(open);
    expect(combineFourFifths([pass, none])).toBe(pass);
    expect(combineFourFifths([none])).toBeNull();
  });
});

describe('LL144 selection-rate caveat', () => {
  const row = (
    category: string,
    n: number,
    selectionRate: number,
    status: 'included' | 'excluded-small' = 'included',
  ) => ({
    category,
    n,
    share: 0,
    selectionRate,
    impactRatio: null,
    aboveMedian: 0,
    scoringRate: null,
    scoringImpactRatio: null,
    status,
  });

  it('names the most selected included category when its rate rests on fewer than 5 selected rows', () => {
    // 4 of 2,000 selected in A, none in B; C (excluded, under 2 %) has a higher rate but is not the denominator.
    const rows = [row('A', 2000, 0.002), row('B', 2000, 0), row('C', 10, 0.5, 'excluded-small')];
    expect(ll144SelectionCaveat({ rows }, [])).toBe(
      'the highest selection rate (A) rests on 4 selected row(s), fewer than 5: too few to estimate',
    );
    expect(ll144SelectionCaveat({ rows: [row('A', 2000, 0.4), row('B', 2000, 0.3)] }, [])).toBeNull();
  });

  it('gives the degenerate-model reason first', () => {
    expect(
      ll144SelectionCaveat({ rows: [row('A', 2000, 0.4)] }, [{ message: 'predicts positive for 100.0 % of rows' }]),
    ).toBe('degenerate model (predicts positive for 100.0 % of rows): no evidence either way');
  });
});
