import { describe, expect, it } from 'vitest';
import { inNaturalOrder, naturalCompare } from '../../../renderer/src/lib/natural-order.js';

const sorted = (values: string[]) => [...values].sort(naturalCompare);

describe('natural order of a column’s values', () => {
  it('sorts numeric codes numerically, not by frequency or as text', () => {
    expect(sorted(['1', '5', '4', '2', '3'])).toEqual(['1', '2', '3', '4', '5']);
    expect(sorted(['10', '9', '-1', '2.5', '100'])).toEqual(['-1', '2.5', '9', '10', '100']);
  });

  it('sorts text alphabetically ignoring case, with numbers inside compared as numbers', () => {
    expect(sorted(['white', 'Black', 'asian'])).toEqual(['asian', 'Black', 'white']);
    expect(sorted(['grade 10', 'grade 2', 'Grade 1'])).toEqual(['Grade 1', 'grade 2', 'grade 10']);
  });

  it('puts numbers before text, and keeps a stable answer for values equal but for case', () => {
    expect(sorted(['unknown', '2', '1'])).toEqual(['1', '2', 'unknown']);
    expect(sorted(['a', 'A'])).toEqual(['A', 'a']);
  });

  it('sorts items by a key without changing the input', () => {
    const top = [
      { value: '3', count: 5 },
      { value: '1', count: 9 },
      { value: '2', count: 7 },
    ];
    expect(inNaturalOrder(top, (t) => t.value).map((t) => t.value)).toEqual(['1', '2', '3']);
    expect(top[0]!.value).toBe('3');
  });
});
