import { describe, expect, it } from 'vitest';
import { Checkpointer } from '../../../../main/core/engine/checkpointer.js';
import { EVALUATION_SHARE, EvaluationSchedule, LogSchedule } from '../../../../main/core/engine/evaluation-schedule.js';
import { RunClock } from '../../../../main/core/engine/run-clock.js';

describe('RunClock (budget accounting)', () => {
  it('an iteration budget plans its steps and is exhausted exactly at the last one', () => {
    const clock = new RunClock({ iterations: 3 }, 100, 10, () => 0);
    expect(clock.plannedIterations).toBe(3);
    clock.step(0.1);
    clock.step(0.1);
    expect(clock.exhausted()).toBe(false);
    expect(clock.fraction()).toBeCloseTo(2 / 3);
    clock.step(0.1);
    expect(clock.exhausted()).toBe(true);
  });
  it('epochs plan ⌈epochs·rows / batch⌉ steps; the nearest of several limits counts', () => {
    let epochs = 0;
    const clock = new RunClock({ epochs: 2, iterations: 1000 }, 100, 8, () => epochs);
    expect(clock.plannedIterations).toBe(25);
    epochs = 1.5;
    expect(clock.fraction()).toBeCloseTo(0.75);
    epochs = 2;
    expect(clock.exhausted()).toBe(true);
  });
  it('a time budget counts only training seconds and plans no step count', () => {
    const clock = new RunClock({ seconds: 1 }, 100, 8, () => 0);
    expect(clock.plannedIterations).toBeNull();
    clock.step(0.6);
    expect(clock.exhausted()).toBe(false);
    clock.step(0.5);
    expect(clock.exhausted()).toBe(true);
    expect(clock.fraction()).toBe(1);
  });
});

describe('EvaluationSchedule', () => {
  it('fixed-step runs evaluate every ⌈N/50⌉ iterations (reproducible)', () => {
    const clock = new RunClock({ iterations: 500 }, 100, 8, () => 0);
    const s = new EvaluationSchedule(clock, 0.5);
    s.done(123);
    const due: number[] = [];
    while (!clock.exhausted()) {
      clock.step(0.01);
      if (s.due()) {
        due.push(clock.iteration);
        s.done(5);
      }
    }
    expect(due.slice(0, 3)).toEqual([10, 20, 30]);
    expect(due).toHaveLength(50);
  });
  it('timed runs keep evaluations within the share of wall time whatever they cost, and evaluate every minGap when cheap', () => {
    for (const cost of [0.001, 0.05, 0.4, 3]) {
      const clock = new RunClock({ seconds: 120 }, 100, 8, () => 0);
      const s = new EvaluationSchedule(clock, 0.5);
      let evaluating = cost;
      s.done(cost);
      let gaps = 0;
      let last = 0;
      while (!clock.exhausted()) {
        clock.step(0.01);
        if (s.due()) {
          gaps = Math.max(gaps, clock.trainSeconds - last);
          last = clock.trainSeconds;
          evaluating += cost;
          s.done(cost);
        }
      }
      evaluating += cost; // the final evaluation
      expect(evaluating / (evaluating + clock.trainSeconds)).toBeLessThanOrEqual(EVALUATION_SHARE);
      expect(evaluating / (evaluating + clock.trainSeconds)).toBeGreaterThan(cost >= 0.4 ? 0.05 : 0);
      // Affordable (9·cost ≤ 2 s): the monitor gets a point at least every 2 s of training.
      if ((cost * (1 - EVALUATION_SHARE)) / EVALUATION_SHARE <= 2) expect(gaps).toBeLessThanOrEqual(2.01);
    }
  });
  it('evaluates the untrained start only when it and the final evaluation fit the budget by the estimated cost', () => {
    const ratio = EVALUATION_SHARE / (1 - EVALUATION_SHARE);
    for (const [seconds, cost, start] of [
      [3, 0.01, true],
      [3, 0.3, false],
      [60, 0.3, true],
    ] as const) {
      const s = new EvaluationSchedule(new RunClock({ seconds }, 100, 8, () => 0), 0.5);
      s.estimate(cost, 0);
      expect(s.startDue()).toBe(start);
      expect(2 * cost <= ratio * seconds).toBe(start);
    }
    // Fixed-step runs always evaluate their start (reproducible whatever the machine).
    const fixed = new EvaluationSchedule(new RunClock({ iterations: 10 }, 100, 8, () => 0), 0.5);
    fixed.estimate(100, 100);
    expect(fixed.startDue()).toBe(true);
  });
  it('a run whose evaluation the budget cannot afford more than once evaluates only at its end', () => {
    const clock = new RunClock({ seconds: 3 }, 100, 8, () => 0);
    const s = new EvaluationSchedule(clock, 0.5);
    s.estimate(0.3, 0.05);
    expect(s.startDue()).toBe(false);
    let evaluations = 0;
    while (!clock.exhausted()) {
      clock.step(0.01);
      if (s.due()) {
        evaluations++;
        s.done(0.3);
      }
    }
    expect(evaluations).toBe(0);
    expect(s.current).toBe(false);
  });
  it('an estimate does not replace a measured cost', () => {
    const clock = new RunClock({ seconds: 3 }, 100, 8, () => 0);
    const s = new EvaluationSchedule(clock, 0.5);
    s.done(0.001);
    s.estimate(10, 0);
    clock.step(0.6);
    expect(s.due()).toBe(true);
  });
  it('counts the time spent estimating against the share, before the start and while pacing', () => {
    const ratio = EVALUATION_SHARE / (1 - EVALUATION_SHARE);
    // 2 × 0.1 s fits 10 % of a 3 s budget (0.333 s) alone, not after an estimate that took 0.2 s.
    const cheap = new EvaluationSchedule(new RunClock({ seconds: 3 }, 100, 8, () => 0), 0.5);
    cheap.estimate(0.1, 0.1);
    expect(cheap.startDue()).toBe(true);
    const slow = new EvaluationSchedule(new RunClock({ seconds: 3 }, 100, 8, () => 0), 0.5);
    slow.estimate(0.1, 0.2);
    expect(slow.startDue()).toBe(false);
    // Over a run: the estimate, every scheduled evaluation and the final one stay within the share of training.
    for (const [seconds, cost, took] of [
      [3, 0.05, 0.05],
      [30, 0.3, 0.15],
      [30, 0.02, 0.5],
      [120, 0.4, 0.2],
    ] as const) {
      const clock = new RunClock({ seconds }, 100, 8, () => 0);
      const s = new EvaluationSchedule(clock, 0.5);
      s.estimate(cost, took);
      let spent = took;
      if (s.startDue()) {
        spent += cost;
        s.done(cost);
      }
      while (!clock.exhausted()) {
        clock.step(0.01);
        if (s.due()) {
          spent += cost;
          s.done(cost);
        }
      }
      spent += cost; // the final evaluation
      expect(spent).toBeLessThanOrEqual(ratio * clock.trainSeconds + 1e-9);
      // Where the minimum gap does not bind, the schedule uses what the share allows (within one evaluation).
      if (cost / ratio >= 0.5) expect(spent).toBeGreaterThan(ratio * clock.trainSeconds - 2 * cost - 0.01);
    }
  });
  it("takes the estimate's own evaluation of the whole task as the start's, and paces the next from its cost", () => {
    const clock = new RunClock({ seconds: 30 }, 100, 8, () => 0);
    const s = new EvaluationSchedule(clock, 0.5);
    s.estimate(0.05, 0.2, true);
    expect(s.current).toBe(true);
    // 0.2 s spent: the next (0.05 s) waits until (0.2 + 0.05) ≤ r·t, t = 2.25 s of training.
    clock.step(2.2);
    expect(s.due()).toBe(false);
    clock.step(0.1);
    expect(s.current).toBe(false);
    expect(s.due()).toBe(true);
  });
  it('knows when the current iterate was already evaluated', () => {
    const clock = new RunClock({ iterations: 10 }, 100, 8, () => 0);
    const s = new EvaluationSchedule(clock, 0.5);
    s.done(0);
    expect(s.current).toBe(true);
    clock.step(0.1);
    expect(s.current).toBe(false);
  });
});

describe('LogSchedule', () => {
  it('fixed-step runs log every ⌊N/1000⌋ iterations; timed runs every interval of training', () => {
    const fixed = new RunClock({ iterations: 5000 }, 100, 8, () => 0);
    const logs = new LogSchedule(fixed, 0.05);
    const logged: number[] = [];
    for (let i = 0; i < 12; i++) {
      if (logs.due()) logged.push(fixed.iteration);
      fixed.step(0.001);
    }
    expect(logged).toEqual([0, 5, 10]);

    const timed = new RunClock({ seconds: 10 }, 100, 8, () => 0);
    const timedLogs = new LogSchedule(timed, 0.05);
    expect(timedLogs.due()).toBe(true);
    timedLogs.stepped(0.01, true);
    expect(timedLogs.due()).toBe(false);
    for (let i = 0; i < 5; i++) timedLogs.stepped(0.01, false);
    expect(timedLogs.due()).toBe(true);
  });
});

describe('Checkpointer', () => {
  it('saves the last evaluated iterate once per interval of training, never the same iterate twice', async () => {
    const saved: number[] = [];
    const c = new Checkpointer(async (w) => void saved.push(w[0]![0]!), 5);
    const iterate = (i: number) => ({ iteration: i, weights: [Float32Array.of(i)] });
    expect(await c.offer(null, 10)).toBe(false);
    expect(await c.offer(iterate(1), 4)).toBe(false);
    expect(await c.offer(iterate(2), 5)).toBe(true);
    expect(await c.offer(iterate(2), 11)).toBe(false);
    expect(await c.offer(iterate(3), 9)).toBe(false);
    expect(await c.offer(iterate(3), 10)).toBe(true);
    expect(saved).toEqual([2, 3]);
  });
});
