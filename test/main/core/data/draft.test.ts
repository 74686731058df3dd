import { describe, expect, it } from 'vitest';
import type { ColumnSummary, DatasetSummary } from '../../../../shared/ipc/channels/datasets.js';
import { rankLabelCandidates, sampleTaskDraft, suggestTaskDraft } from '../../../../main/core/data/draft.js';

const col = (name: string, top: [string, number][], extra: Partial<ColumnSummary> = {}): ColumnSummary => ({
  name,
  type: 'VARCHAR',
  kind: 'text',
  distinct: top.length,
  missing: 0,
  missingShare: 0,
  min: null,
  max: null,
  mean: null,
  top: top.map(([value, count]) => ({ value, count })),
  idLike: false,
  personal: false,
  ...extra,
});

/** A whole-number column with `distinct` values in [min, max]. */
const numeric = (name: string, distinct: number, min: number, max: number) =>
  col(name, [[String(min), 10]], { type: 'BIGINT', kind: 'numeric', distinct, min, max, mean: (min + max) / 2 });

const binary = (name: string, a: number, b: number, values: [string, string] = ['no', 'yes']) =>
  col(name, [
    [values[0], a],
    [values[1], b],
  ]);

describe('label auto-pick', () => {
  it('prefers a binary column named like an outcome, at the end, with both classes present, over a rare flag', () => {
    // The bank-marketing file: "default" (1.8 % yes) is a feature; "y" (11.7 % yes, last) is the outcome. Ties go to
    // the later column.
    const bank = [
      col('age', [['32', 2000]]),
      binary('default', 44_396, 815),
      binary('housing', 20_081, 25_130),
      binary('loan', 37_967, 7244),
      binary('y', 39_922, 5289),
    ];
    expect(rankLabelCandidates(bank).map((c) => c.name)).toEqual(['y', 'loan', 'housing', 'default']);
  });

  it('never proposes a protected attribute and falls back to the last balanced binary column', () => {
    const columns = [
      binary('sex', 500, 500, ['Female', 'Male']),
      binary('smoker', 700, 300),
      binary('approved_flag', 600, 400),
    ];
    expect(rankLabelCandidates(columns).map((c) => c.name)).toEqual(['approved_flag', 'smoker']);
  });

  it('picks COMPAS two_year_recid over is_recid and German credit class-label', () => {
    const compas = [
      binary('sex', 1000, 5000, ['Female', 'Male']),
      binary('is_recid', 3700, 3500, ['0', '1']),
      binary('two_year_recid', 3900, 3300, ['0', '1']),
    ];
    expect(rankLabelCandidates(compas)[0]!.name).toBe('two_year_recid');
    const german = [
      binary('telephone', 600, 400),
      binary('foreign-worker', 37, 963),
      binary('class-label', 300, 700, ['0', '1']),
    ];
    expect(rankLabelCandidates(german)[0]!.name).toBe('class-label');
  });

  it('suggests one-hot for whole-number codes, not for amounts', () => {
    const summary = {
      rows: 17_917,
      columns: [
        numeric('AGEP', 75, 17, 94),
        numeric('OCCP', 492, 10, 9830),
        numeric('COW', 8, 1, 8),
        binary('PINCP', 12_858, 5059, ['False', 'True']),
      ],
    } as unknown as DatasetSummary;
    const draft = suggestTaskDraft(summary, '/x.csv') as {
      data: { label: { column: string }; preprocessing?: { columns: Record<string, unknown> } };
    };
    expect(draft.data.label.column).toBe('PINCP');
    expect(draft.data.preprocessing?.columns).toEqual({ OCCP: { encoding: 'onehot' }, COW: { encoding: 'onehot' } });
  });
});

describe('census category codes', () => {
  it('start one-hot when named like a code list, however narrow their range (Dutch census, ACS race and place of birth)', () => {
    const summary = {
      rows: 60_420,
      columns: [
        numeric('marital_status', 4, 1, 4),
        numeric('citizenship', 3, 1, 3),
        numeric('cur_eco_activity', 12, 111, 139),
        numeric('RAC1P', 5, 1, 5),
        numeric('POBP', 195, 1, 554),
        numeric('edu_level', 6, 0, 5),
        binary('occupation', 31_657, 28_763, ['0', '1']),
      ],
    } as unknown as DatasetSummary;
    const draft = suggestTaskDraft(summary, '/dutch.csv') as {
      data: { preprocessing?: { columns: Record<string, unknown> } };
    };
    expect(Object.keys(draft.data.preprocessing?.columns ?? {})).toEqual([
      'marital_status',
      'citizenship',
      'cur_eco_activity',
      'RAC1P',
      'POBP',
    ]);
  });
});

describe('columns that carry nothing', () => {
  it('start ignored: a single value (type_of_assessment) or every value missing (violent_recid)', () => {
    const summary = {
      rows: 7214,
      columns: [
        col('type_of_assessment', [['Risk of Recidivism', 7214]]),
        col('violent_recid', [], { missing: 7214, missingShare: 1 }),
        col('race', [
          ['African-American', 3696],
          ['Caucasian', 2454],
        ]),
        binary('two_year_recid', 3963, 3251, ['0', '1']),
      ],
    } as unknown as DatasetSummary;
    const draft = suggestTaskDraft(summary, '/compas.csv') as { data: { exclude: string[] } };
    expect(draft.data.exclude).toEqual(['type_of_assessment', 'violent_recid']);
  });
});

describe('sample project defaults', () => {
  it('train the paper’s task for under a minute on a first click (3 runs × 12 s)', () => {
    const draft = sampleTaskDraft('/sample.csv') as {
      runs: number;
      budget: { seconds: number };
      solver: { name: string };
      constraints: unknown[];
    };
    expect(draft.runs * draft.budget.seconds).toBeLessThanOrEqual(40);
    expect(draft.solver.name).toBe('ssl-alm');
    expect(draft.constraints).toEqual([{ kind: 'loss-gap', topology: 'pairwise', tolerance: 0.005 }]);
  });
});
