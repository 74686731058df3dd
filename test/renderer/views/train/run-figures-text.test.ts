import { describe, expect, it } from 'vitest';
import {
  figureText,
  iterationSpreadText,
  iterationText,
  spreadText,
} from '../../../../renderer/src/views/train/run-figures-text.js';

describe('results table text', () => {
  it('groups thousands and keeps the decimals of every figure', () => {
    expect(figureText(18862, 0)).toBe('18,862');
    expect(figureText(1234.56, 1)).toBe('1,234.6');
    expect(figureText(0.81234)).toBe('0.8123');
    expect(figureText(null)).toBe('—');
    expect(figureText(undefined, 3)).toBe('—');
  });

  it('writes the median row the way the runs’ own rows read', () => {
    expect(spreadText({ median: 0.5, min: 0.25, max: 0.75 }, 3)).toEqual({ median: '0.500', range: '(0.250–0.750)' });
    expect(spreadText(null)).toEqual({ median: '—', range: '' });
    // The median of an even number of runs can fall between two integers: still shown as a whole count.
    expect(iterationSpreadText({ median: 18862.5, min: 12000, max: 20231 })).toEqual({
      median: '18,863 iterations',
      range: '(12,000–20,231)',
    });
  });

  it('names the selected iterate of the run, or the iteration count when none was recorded', () => {
    expect(iterationText({ iterations: 18862, selectedIteration: 9400 })).toBe('iteration 9,400 of 18,862');
    expect(iterationText({ iterations: 18862 })).toBe('18,862 iterations');
  });
});
