import { describe, expect, it } from 'vitest';
import type { ColumnSummary } from '../../../../shared/ipc/channels/datasets.js';
import {
  columnWarnings,
  defaultLabel,
  draftFromTask,
  draftToSave,
  parseEdges,
  positivesFor,
  roleOf,
  withRole,
} from '../../../../renderer/src/views/data/draft.js';

const column = (name: string, extra: Partial<ColumnSummary> = {}): ColumnSummary => ({
  name,
  type: 'DOUBLE',
  kind: 'numeric',
  distinct: 2,
  missing: 0,
  missingShare: 0,
  min: 1,
  max: 2,
  mean: 1.5,
  top: [
    { value: '1', count: 10 },
    { value: '2', count: 5 },
  ],
  idLike: false,
  personal: false,
  ...extra,
});

describe('data tab draft (roles ↔ task config)', () => {
  it('reads a partial task with defaults and writes back only the data part', () => {
    const draft = draftFromTask({
      data: { path: '/x.csv', label: { column: 'y', positive: ['1'] } },
      solver: { name: 'adam' },
    });
    expect(draft.split).toEqual({ test: 0.2, validation: 0, seed: 42, stratify: true });
    expect(draft.groups).toBeNull();
    const saved = draftToSave(draft);
    expect(saved.data).toEqual({
      label: { column: 'y', positive: ['1'] },
      exclude: [],
      protectedAsFeatures: [],
      preprocessing: { maxLevels: 20, missing: 'impute', columns: {} },
    });
    expect(saved.groups).toBeNull();
  });

  it('roles move a column between label, features, protected (optionally also a feature) and ignored', () => {
    let draft = draftFromTask(null);
    const sex = column('SEX');
    draft = withRole(draft, sex, 'protected-feature');
    expect(roleOf(draft, 'SEX')).toBe('protected-feature');
    expect(draft.groups!.attributes).toEqual([{ column: 'SEX' }]);
    expect(draft.data.protectedAsFeatures).toEqual(['SEX']);
    expect(columnWarnings(draft, sex, 100).join(' ')).toMatch(/also used as a feature/);
    draft = withRole(draft, sex, 'ignored');
    expect(roleOf(draft, 'SEX')).toBe('ignored');
    expect(draft.groups!.attributes).toEqual([]);
    expect(draftToSave(draft).groups).toBeNull();
    draft = withRole(
      draft,
      column('PINCP', {
        type: 'BOOLEAN',
        kind: 'boolean',
        top: [
          { value: 'False', count: 9 },
          { value: 'True', count: 3 },
        ],
      }),
      'label',
    );
    expect(draft.data.label).toEqual({ column: 'PINCP', positive: ['True'] });
  });

  it('default labels and ID warnings', () => {
    expect(defaultLabel(column('income', { distinct: 500, mean: 48_123 }))).toEqual({
      column: 'income',
      rule: '> 48100',
    });
    expect(
      defaultLabel(
        column('y', {
          type: 'VARCHAR',
          kind: 'text',
          top: [
            { value: '<=50K', count: 9 },
            { value: '>50K', count: 3 },
          ],
        }),
      ),
    ).toEqual({ column: 'y', positive: ['>50K'] });
    expect(columnWarnings(draftFromTask(null), column('id', { idLike: true }), 100).join(' ')).toMatch(/identifier/);
  });

  it('says an all-missing column is empty, not that it has a single value', () => {
    const empty = column('violent_recid', {
      type: 'VARCHAR',
      kind: 'text',
      distinct: 0,
      missing: 100,
      missingShare: 1,
      top: [],
    });
    const warnings = columnWarnings(draftFromTask(null), empty, 100).join(' ');
    expect(warnings).toMatch(/Every value is missing/);
    expect(warnings).not.toMatch(/single value/);
  });

  it('a many-valued number made protected starts as two bins around its mean, not one group per value', () => {
    const age = column('age', { type: 'BIGINT', distinct: 53, min: 19, max: 75, mean: 35.546 });
    const draft = withRole(draftFromTask({ data: { path: '/german.csv' } }), age, 'protected');
    expect(draft.groups?.attributes).toEqual([{ column: 'age', bins: [19, 36] }]);
    // A few values (a 1–4 rate) stay one group per value.
    const rate = column('installment-rate', { type: 'BIGINT', distinct: 4, min: 1, max: 4, mean: 2.97 });
    expect(withRole(draft, rate, 'protected').groups?.attributes[1]).toEqual({ column: 'installment-rate' });
  });

  it('flags a column named like a protected attribute that the model reads as a feature', () => {
    const race = column('RAC1P', { distinct: 5 });
    const draft = draftFromTask({ data: { path: '/AL.csv' } });
    expect(columnWarnings(draft, race, 100).join(' ')).toMatch(/Named like a protected attribute/);
    expect(columnWarnings(withRole(draft, race, 'protected'), race, 100).join(' ')).not.toMatch(/Named like/);
  });

  it('bin edges must be increasing numbers', () => {
    expect(parseEdges('0, 25, 45 65')).toEqual([0, 25, 45, 65]);
    expect(parseEdges('25, 10')).toBeNull();
    expect(parseEdges('a')).toBeNull();
  });
});

describe('label switch and code-like columns', () => {
  const bank = [
    column('age', { distinct: 77, min: 18, max: 95, top: [{ value: '32', count: 2000 }] }),
    column('default', {
      type: 'BOOLEAN',
      kind: 'boolean',
      top: [
        { value: 'False', count: 44_396 },
        { value: 'True', count: 815 },
      ],
    }),
    column('y', {
      type: 'BOOLEAN',
      kind: 'boolean',
      top: [
        { value: 'False', count: 39_922 },
        { value: 'True', count: 5289 },
      ],
    }),
  ];

  it('a column that stops being the label goes back to the role it had, or to Feature, never to Ignored', () => {
    let draft = withRole(draftFromTask(null), bank[1]!, 'label');
    // Auto-picked as the label on import: no remembered role, so it returns to its starting role.
    draft = withRole(draft, bank[2]!, 'label', () => undefined, bank);
    expect(roleOf(draft, 'y')).toBe('label');
    expect(roleOf(draft, 'default')).toBe('feature');
    // A protected column made the label, then replaced: protected again.
    draft = withRole(draft, bank[0]!, 'protected');
    draft = withRole(draft, bank[0]!, 'label', () => undefined, bank);
    draft = withRole(draft, bank[2]!, 'label', (name) => (name === 'age' ? 'protected' : undefined), bank);
    expect(roleOf(draft, 'age')).toBe('protected');
    expect(roleOf(draft, 'y')).toBe('label');
  });

  it('warns that whole-number codes are standardised as amounts, until they are encoded as categories; amounts are left alone', () => {
    const rows = 22_268;
    const occp = column('OCCP', { distinct: 509, min: 10, max: 9830, top: [{ value: '4720', count: 300 }] });
    const cow = column('COW', { distinct: 8, min: 1, max: 8, top: [{ value: '1', count: 15_000 }] });
    const agep = column('AGEP', { distinct: 75, min: 17, max: 94, top: [{ value: '40', count: 300 }] });
    // Money and day counts: mostly 0, or nearly a value per row, or negative.
    const gain = column('capital-gain', { distinct: 119, min: 0, max: 99_999, top: [{ value: '0', count: 20_000 }] });
    const credit = column('credit-amount', {
      distinct: 921,
      min: 250,
      max: 18_424,
      top: [{ value: '1478', count: 3 }],
    });
    const days = column('days_b_screening_arrest', {
      distinct: 423,
      min: -414,
      max: 1057,
      top: [{ value: '-1', count: 1500 }],
    });
    let draft = draftFromTask(null);
    expect(columnWarnings(draft, occp, rows).join(' ')).toMatch(
      /Looks like codes \(509 whole-number values spread over 10 … 9830/,
    );
    expect(columnWarnings(draft, cow, rows).join(' ')).toMatch(
      /8 whole-number values and a name that usually means codes/,
    );
    for (const amount of [agep, gain, days])
      expect(columnWarnings(draft, amount, rows).join(' '), amount.name).not.toMatch(/codes/);
    expect(columnWarnings(draft, credit, 1000).join(' ')).not.toMatch(/codes/);
    draft = {
      ...draft,
      data: {
        ...draft.data,
        preprocessing: { ...draft.data.preprocessing, columns: { OCCP: { encoding: 'onehot' } } },
      },
    };
    expect(columnWarnings(draft, occp, rows).join(' ')).not.toMatch(/codes/);
  });
});

describe('boolean label values', () => {
  it('a config positive spelled as the file spells it ("yes") ticks the True box of a BOOLEAN column', () => {
    const y = { type: 'BOOLEAN' };
    expect(positivesFor(y, ['yes'], 'True')).toEqual(['yes']);
    expect(positivesFor(y, ['yes'], 'False')).toEqual([]);
    expect(positivesFor({ type: 'VARCHAR' }, ['yes'], 'True')).toEqual([]);
    expect(positivesFor({ type: 'VARCHAR' }, ['yes'], 'yes')).toEqual(['yes']);
  });
});
