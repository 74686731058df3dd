import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../../shared/random.js';
import {
  approximateMode,
  SPLIT_TEST,
  SPLIT_TRAIN,
  SPLIT_VALIDATION,
  splitRows,
  type SplitInput,
} from '../../../../main/core/data/split.js';

/**
 * The split as it was computed before its strata became one typed array (a JS array per stratum): a saved project's
 * split must not change, so the audit of an earlier run re-prepares the very rows it was trained and tested on.
 */
function previousSplitRows(input: SplitInput): Uint8Array {
  const n = input.groups.length;
  const nTest = Math.ceil(input.test * n);
  const nVal = Math.ceil(input.validation * n);
  const byGroup = new Map<number, number[][]>();
  for (let i = 0; i < n; i++) {
    const g = input.stratify ? input.groups[i]! : 0;
    const l = input.stratify ? input.labels[i]! : 0;
    let strata = byGroup.get(g);
    if (!strata) byGroup.set(g, (strata = [[], []]));
    strata[l]!.push(i);
  }
  const groupIds = [...byGroup.keys()].sort((a, b) => a - b);
  const strata = groupIds.flatMap((g) => byGroup.get(g)!);
  const sizes = groupIds.map((g) => byGroup.get(g)!.reduce((s, r) => s + r.length, 0));
  const allocate = (perGroup: number[], available: number[]) =>
    groupIds.flatMap((_, gi) => approximateMode([available[2 * gi]!, available[2 * gi + 1]!], perGroup[gi]!));
  const stratumSizes = strata.map((r) => r.length);
  const testPerStratum = allocate(approximateMode(sizes, nTest), stratumSizes);
  const restStrata = stratumSizes.map((s, k) => s - testPerStratum[k]!);
  const restSizes = groupIds.map((_, gi) => restStrata[2 * gi]! + restStrata[2 * gi + 1]!);
  const valPerStratum = allocate(approximateMode(restSizes, nVal), restStrata);
  const out = new Uint8Array(n).fill(SPLIT_TRAIN);
  const random = mulberry32(input.seed);
  strata.forEach((rows, k) => {
    for (let i = rows.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [rows[i], rows[j]] = [rows[j]!, rows[i]!];
    }
    const t = testPerStratum[k]!;
    const v = valPerStratum[k]!;
    for (let i = 0; i < t; i++) out[rows[i]!] = SPLIT_TEST;
    for (let i = t; i < t + v; i++) out[rows[i]!] = SPLIT_VALIDATION;
  });
  return out;
}

function counts(assignment: Uint8Array, groups: Int32Array, which: number): Map<number, number> {
  const out = new Map<number, number>();
  assignment.forEach((a, i) => a === which && out.set(groups[i]!, (out.get(groups[i]!) ?? 0) + 1));
  return out;
}

describe('stratified split', () => {
  it('approximateMode matches sklearn on the OK race groups (13,350 / 4,567 → 2,670 / 914 of 3,584)', () => {
    expect(approximateMode([13_350, 4_567], 3_584)).toEqual([2_670, 914]);
    expect(approximateMode([1, 1, 1], 2)).toEqual([1, 1, 0]);
    expect(approximateMode([0, 5], 3)).toEqual([0, 3]);
  });

  it('is deterministic given (data, seed) and changes with the seed', () => {
    const n = 1000;
    const groups = Int32Array.from({ length: n }, (_, i) => i % 3);
    const labels = Uint8Array.from({ length: n }, (_, i) => (i % 7 === 0 ? 1 : 0));
    const a = splitRows({ groups, labels, test: 0.2, validation: 0.1, seed: 42, stratify: true });
    const b = splitRows({ groups, labels, test: 0.2, validation: 0.1, seed: 42, stratify: true });
    const c = splitRows({ groups, labels, test: 0.2, validation: 0.1, seed: 43, stratify: true });
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
    expect(a.filter((x) => x === SPLIT_TEST).length).toBe(200);
    expect(a.filter((x) => x === SPLIT_VALIDATION).length).toBe(100);
  });

  it('property: sizes are exact, every stratum is split in proportion (±1 per stratum)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 1 })), {
          minLength: 20,
          maxLength: 400,
        }),
        fc.double({ min: 0.05, max: 0.5, noNaN: true }),
        fc.integer(),
        (rows, test, seed) => {
          const groups = Int32Array.from(rows, (r) => r[0]);
          const labels = Uint8Array.from(rows, (r) => r[1]);
          const a = splitRows({ groups, labels, test, validation: 0, seed, stratify: true });
          expect(a.filter((x) => x === SPLIT_TEST).length).toBe(Math.ceil(test * rows.length));
          const testCounts = counts(a, groups, SPLIT_TEST);
          const all = new Map<number, number>();
          groups.forEach((g) => all.set(g, (all.get(g) ?? 0) + 1));
          for (const [g, size] of all) {
            const expected = (size * Math.ceil(test * rows.length)) / rows.length;
            expect(Math.abs((testCounts.get(g) ?? 0) - expected)).toBeLessThan(1.0001 + 1e-9);
          }
          expect(a.every((x) => x === SPLIT_TRAIN || x === SPLIT_TEST)).toBe(true);
        },
      ),
      { numRuns: 100, seed: 11 },
    );
  });

  it('assigns every row exactly as the previous per-stratum-array implementation did', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: -3, max: 40 }), fc.integer({ min: 0, max: 1 })), {
          minLength: 1,
          maxLength: 400,
        }),
        fc.double({ min: 0, max: 0.45, noNaN: true }),
        fc.double({ min: 0, max: 0.45, noNaN: true }),
        fc.integer(),
        fc.boolean(),
        (rows, test, validation, seed, stratify) => {
          const input: SplitInput = {
            groups: Int32Array.from(rows, ([g]) => g),
            labels: Uint8Array.from(rows, ([, l]) => l),
            test,
            validation,
            seed,
            stratify,
          };
          expect(Array.from(splitRows(input))).toEqual(Array.from(previousSplitRows(input)));
        },
      ),
      { numRuns: 300, seed: 5 },
    );
  });
});
