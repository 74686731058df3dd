import { describe, expect, it } from 'vitest';
import {
  applyPreprocessing,
  encode,
  featureNamesOf,
  fitColumn,
  type FittedPreprocessing,
  type RawColumn,
} from '../../../../main/core/data/preprocess.js';

const all = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

describe('preprocessing', () => {
  it('standardises numbers with the training mean and population std; constant columns get scale 1', () => {
    const raw: RawColumn = { kind: 'number', values: Float64Array.from([1, 2, 3, 100]) };
    const c = fitColumn({ name: 'x', encoding: 'numeric', missing: 'impute' }, raw, Int32Array.from([0, 1, 2]), 20);
    expect(c).toMatchObject({ kind: 'numeric', mean: 2 });
    expect((c as { scale: number }).scale).toBeCloseTo(Math.sqrt(2 / 3));
    const k = fitColumn(
      { name: 'k', encoding: 'numeric', missing: 'impute' },
      { kind: 'number', values: Float64Array.from([5, 5]) },
      all(2),
      20,
    );
    expect(k).toMatchObject({ mean: 5, scale: 1 });
  });

  it('one-hot with a cardinality cap: rare and unseen levels go to "other"; missing to a level or the mode', () => {
    const values = ['a', 'a', 'a', 'b', 'b', 'c', 'd', null];
    const raw: RawColumn = { kind: 'text', values };
    const capped = fitColumn({ name: 'v', encoding: 'onehot', missing: 'indicator' }, raw, all(values.length), 3);
    expect(capped).toMatchObject({ kind: 'onehot', levels: ['a', 'b'], other: true, mode: 'a' });
    const fitted: FittedPreprocessing = { version: 1, columns: [capped], featureNames: featureNamesOf([capped]) };
    expect(fitted.featureNames).toEqual(['v=a', 'v=b', 'v=other', 'v=(missing)']);
    const out = encode(fitted, new Map([['v', raw]]), all(values.length));
    expect(Array.from(out.slice(5 * 4, 6 * 4))).toEqual([0, 0, 1, 0]); // "c" → other
    expect(Array.from(out.slice(7 * 4, 8 * 4))).toEqual([0, 0, 0, 1]); // missing → its own column
  });

  it('"code" treats categories as numbers (the paper keeps OCCP, POBP as codes)', () => {
    const raw: RawColumn = { kind: 'text', values: ['x', 'y', 'z', 'y'] };
    const c = fitColumn({ name: 'c', encoding: 'code', missing: 'impute' }, raw, all(4), 20);
    expect(c).toMatchObject({ kind: 'code', levels: ['x', 'y', 'z'], mean: 1 });
  });

  it('applyPreprocessing on new row objects equals encoding at training time, and survives JSON', () => {
    const num: RawColumn = { kind: 'number', values: Float64Array.from([20, 30, 40, Number.NaN]) };
    const cat: RawColumn = { kind: 'text', values: ['1', '2', '1', '2'] };
    const columns = [
      fitColumn({ name: 'age', encoding: 'numeric', missing: 'indicator' }, num, all(4), 20),
      fitColumn({ name: 'sex', encoding: 'onehot', missing: 'impute' }, cat, all(4), 20),
    ];
    const fitted: FittedPreprocessing = { version: 1, columns, featureNames: featureNamesOf(columns) };
    const trained = encode(
      fitted,
      new Map<string, RawColumn>([
        ['age', num],
        ['sex', cat],
      ]),
      all(4),
    );
    const restored = JSON.parse(JSON.stringify(fitted)) as unknown;
    const applied = applyPreprocessing(restored, [
      { age: 20, sex: 1.0 },
      { age: '30', sex: '2' },
      { age: 40, sex: '1.0' },
      { age: null, sex: 2 },
    ]);
    expect(applied.featureNames).toEqual(['age', 'age__missing', 'sex=1', 'sex=2']);
    expect(Array.from(applied.features)).toEqual(Array.from(trained));
    expect(() => applyPreprocessing({ nope: true }, [])).toThrow(/preprocessing is not valid/);
  });
});
