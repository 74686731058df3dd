import { describe, expect, it } from 'vitest';
import {
  IterateSelector,
  prefer,
  resolveSelectionRule,
  type Candidate,
} from '../../../../main/core/engine/iterate-selector.js';

function candidate(iteration: number, over: Partial<Candidate> = {}): Candidate {
  return {
    iteration,
    weights: [],
    objective: 1,
    maxViolation: 0,
    violated: false,
    degenerate: false,
    threshold: 0.5,
    ...over,
  };
}

describe('resolveSelectionRule', () => {
  it('never lets a constraint choose an unconstrained baseline', () => {
    expect(resolveSelectionRule('auto', false, true)).toBe('best-objective');
    expect(resolveSelectionRule('auto', false, false)).toBe('last');
    expect(resolveSelectionRule('auto', true, false)).toBe('best-not-violated');
    expect(resolveSelectionRule('last', true, true)).toBe('last');
  });
});

describe('prefer', () => {
  it('best-objective: lower objective wins, constraints ignored', () => {
    expect(
      prefer(
        'best-objective',
        candidate(2, { objective: 0.3, violated: true, maxViolation: 0.5 }),
        candidate(1, { objective: 0.4 }),
      ),
    ).toBe(true);
  });
  it('best-not-violated: not violated beats violated even at a worse objective', () => {
    expect(
      prefer(
        'best-not-violated',
        candidate(2, { objective: 0.9 }),
        candidate(1, { objective: 0.1, violated: true, maxViolation: 0.1 }),
      ),
    ).toBe(true);
  });
  it('best-not-violated: among violated iterates the smaller violation wins', () => {
    expect(
      prefer(
        'best-not-violated',
        candidate(2, { violated: true, maxViolation: 0.01, objective: 0.9 }),
        candidate(1, { violated: true, maxViolation: 0.02, objective: 0.1 }),
      ),
    ).toBe(true);
  });
  it('a degenerate iterate is never preferred over a non-degenerate one, under either rule', () => {
    const trivial = candidate(2, { degenerate: true, objective: 0.01 });
    const real = candidate(1, { violated: true, maxViolation: 0.3, objective: 0.8 });
    expect(prefer('best-not-violated', trivial, real)).toBe(false);
    expect(prefer('best-objective', trivial, real)).toBe(false);
    expect(prefer('best-not-violated', real, trivial)).toBe(true);
  });
});

describe('IterateSelector', () => {
  it('last keeps the final iterate whatever its numbers', () => {
    const s = new IterateSelector('last');
    s.offer(candidate(0));
    s.offer(candidate(5, { objective: 0.2 }));
    s.offer(candidate(9, { objective: 0.9, violated: true }));
    expect(s.chosen(false)?.iteration).toBe(9);
  });
  it('best-objective keeps the best validation objective (an early stop of the baseline, never a constraint-based one)', () => {
    const s = new IterateSelector('best-objective');
    [
      candidate(0, { objective: 0.1 }),
      candidate(5, { objective: 0.5 }),
      candidate(9, { objective: 0.4, violated: true }),
    ].forEach((c) => s.offer(c));
    // Iteration 0 (untrained) is never "best", even with the lowest objective.
    expect(s.chosen(false)?.iteration).toBe(9);
  });
  it('best-not-violated keeps the best objective among the iterates not violated', () => {
    const s = new IterateSelector('best-not-violated');
    [
      candidate(3, { objective: 0.2, violated: true }),
      candidate(6, { objective: 0.5 }),
      candidate(9, { objective: 0.4 }),
      candidate(12, { objective: 0.3, violated: true }),
    ].forEach((c) => s.offer(c));
    expect(s.chosen(false)?.iteration).toBe(9);
  });
  it('after a divergence the last good iterate is the model, whatever the rule', () => {
    const s = new IterateSelector('best-not-violated');
    [candidate(3, { objective: 0.2 }), candidate(6, { objective: 0.5 })].forEach((c) => s.offer(c));
    expect(s.chosen(true)?.iteration).toBe(6);
  });
  it('falls back to the start when nothing was evaluated after it', () => {
    const s = new IterateSelector('best-objective');
    s.offer(candidate(0));
    expect(s.chosen(false)?.iteration).toBe(0);
  });
});
