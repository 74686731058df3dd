import { describe, expect, it } from 'vitest';
import { labelImbalanceWarning } from '../../../shared/config/label-imbalance.js';

const fixed = { threshold: 0.5, thresholdRule: { rule: 'fixed' as const }, classWeights: 'none' as const };

describe('labelImbalanceWarning', () => {
  it('warns for a 12 %-positive label at a fixed threshold, naming the class that would be predicted', () => {
    expect(labelImbalanceWarning(fixed, 0.12)).toMatch(
      /only 12\.0 % of the labels are positive.*predict negative for \(almost\) everyone/,
    );
  });
  it('warns for an 89 %-positive label too', () => {
    expect(labelImbalanceWarning(fixed, 0.89)).toMatch(/only 11\.0 % of the labels are negative.*predict positive/);
  });
  it('is silent for balanced labels, a threshold chosen on validation, or class weights', () => {
    expect(labelImbalanceWarning(fixed, 0.44)).toBeNull();
    expect(labelImbalanceWarning({ ...fixed, thresholdRule: { rule: 'match-base-rate' } }, 0.12)).toBeNull();
    expect(labelImbalanceWarning({ ...fixed, classWeights: 'balanced' }, 0.12)).toBeNull();
  });
});
