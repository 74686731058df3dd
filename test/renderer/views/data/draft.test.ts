import { describe, expect, it } from 'vitest';
import type { ColumnSummary } from '../../../../shared/ipc/channels/datasets.js';
import { columnWarnings, defaultLabel, draftFromTask, draftToSave, parseEdges, roleOf, withRole } from '../../../../renderer/src/views/data/draft.js';

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
    const draft = draftFromTask({ data: { path: '/x.csv', label: { column: 'y', positive: ['1'] } }, solver: { name: 'adam' } });
    expect(draft.split).toEqual({ test: 0.2, validation: 0, seed: 42, stratify: true });
    expect(draft.groups).toBeNull();
    const saved = draftToSave(draft);
    expect(saved.data).toEqual({ label: { column: 'y', positive: ['1'] }, exclude: [], protectedAsFeatures: [], preprocessing: { maxLevels: 20, missing: 'impute', columns: {} } });
    expect(saved.groups).toBeNull();
  });

  it('roles move a column between label, features, protected (optionally also a feature) and ignored', () => {
    let draft = draftFromTask(null);
    const sex = column('SEX');
    draft = withRole(draft, sex, 'protected-feature');
    expect(roleOf(draft, 'SEX')).toBe('protected-feature');
    expect(draft.groups!.attributes).toEqual([{ column: 'SEX' }]);
    expect(draft.data.protectedAsFeatures).toEqual(['SEX']);
    expect(columnWarnings(draft, sex).join(' ')).toMatch(/also used as a feature/);
    draft = withRole(draft, sex, 'ignored');
    expect(roleOf(draft, 'SEX')).toBe('ignored');
    expect(draft.groups!.attributes).toEqual([]);
    expect(draftToSave(draft).groups).toBeNull();
    draft = withRole(draft, column('PINCP', { type: 'BOOLEAN', kind: 'boolean', top: [{ value: 'False', count: 9 }, { value: 'True', count: 3 }] }), 'label');
    expect(draft.data.label).toEqual({ column: 'PINCP', positive: ['True'] });
  });

  it('default labels and ID warnings', () => {
    expect(defaultLabel(column('income', { distinct: 500, mean: 48_123 }))).toEqual({ column: 'income', rule: '> 48100' });
    expect(defaultLabel(column('y', { type: 'VARCHAR', kind: 'text', top: [{ value: '<=50K', count: 9 }, { value: '>50K', count: 3 }] }))).toEqual({ column: 'y', positive: ['>50K'] });
    expect(columnWarnings(draftFromTask(null), column('id', { idLike: true })).join(' ')).toMatch(/identifier/);
  });

  it('bin edges must be increasing numbers', () => {
    expect(parseEdges('0, 25, 45 65')).toEqual([0, 25, 45, 65]);
    expect(parseEdges('25, 10')).toBeNull();
    expect(parseEdges('a')).toBeNull();
  });
});
