import { afterAll, describe, expect, it } from 'vitest';
import { SAMPLE_DATASET_FILE } from '../../../../shared/config/task-config.js';
import { dispatcherHost, tempDir } from './helpers.js';

const tmp = await tempDir();
afterAll(() => tmp.remove());

const { seen, call, finished } = dispatcherHost(tmp.dir);

describe('datasets channels through the dispatcher', () => {
  it('projects:create fromSample returns the project with the sample imported and the paper draft, without a dispatched import job', async () => {
    const before = seen.length;
    const project = await call<{
      id: string;
      dataset: { sourceName: string; rows: number } | null;
      task: Record<string, unknown> | null;
    }>('projects:create', {
      name: 'From the sample',
      fromSample: true,
    });
    expect(project.dataset).toMatchObject({ sourceName: SAMPLE_DATASET_FILE, rows: 17_917 });
    expect(project.task).toMatchObject({ groups: { attributes: [{ column: 'RAC1P' }] } });
    // The import runs inside the request, not as a datasets:import job answered by events.
    expect(seen.slice(before).filter((e) => e.event.startsWith('datasets:'))).toEqual([]);
  });

  it('import (sample) → progress events, dataset ref and the paper draft in project.json; summary, preview, groups, label, split', async () => {
    const project = await call<{ id: string }>('projects:create', { name: 'Data test' });
    const { jobId } = await call<{ jobId: string }>('datasets:import', {
      projectId: project.id,
      source: { kind: 'sample' },
    });
    const done = await finished(jobId);
    expect(done).toMatchObject({
      ok: true,
      projectId: project.id,
      dataset: { rows: 17_917, columns: 11, sourceName: 'ACSIncome-OK-2018.csv' },
    });
    const progress = seen
      .filter((e) => e.event === 'datasets:progress' && e.payload['jobId'] === jobId)
      .map((e) => e.payload);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.map((p) => p['seq'])).toEqual([...progress.keys()]);

    const saved = await call<{ dataset: { sha256: string }; task: Record<string, unknown> }>('projects:get', {
      id: project.id,
    });
    expect(saved.task).toMatchObject({
      data: { label: { column: 'PINCP', positive: ['True'] } },
      groups: { attributes: [{ column: 'RAC1P', map: { '1': 'White', '*': 'Non-white' } }] },
      split: { test: 0.2, seed: 42, stratify: true },
    });

    const summary = await call<{ rows: number; columns: { name: string }[] }>('datasets:summary', {
      projectId: project.id,
    });
    expect(summary.rows).toBe(17_917);
    const preview = await call<{ rows: unknown[][]; columns: string[]; total: number }>('datasets:preview', {
      projectId: project.id,
      offset: 17_910,
      limit: 50,
    });
    expect(preview.rows).toHaveLength(7);
    expect(preview.columns).toHaveLength(11);
    expect(preview.total).toBe(17_917);

    const groups = await call<{ groups: { name: string; count: number }[] }>('datasets:groups', {
      projectId: project.id,
      groups: {
        attributes: [
          { column: 'RAC1P', map: { '1': 'White', '*': 'Non-white' } },
          { column: 'SEX', map: { '1': 'Male', '2': 'Female' } },
        ],
      },
      label: { column: 'PINCP', positive: ['True'] },
    });
    expect(groups.groups.map((g) => g.name).sort()).toEqual([
      'Non-white × Female',
      'Non-white × Male',
      'White × Female',
      'White × Male',
    ]);
    expect(groups.groups.reduce((s, g) => s + g.count, 0)).toBe(17_917);

    const label = await call<{ baseRate: number }>('datasets:label-stats', {
      projectId: project.id,
      label: { column: 'PINCP', positive: ['True'] },
    });
    expect(label.baseRate).toBeCloseTo(0.2824, 4);
    await expect(
      call('datasets:label-stats', { projectId: project.id, label: { column: 'SEX', rule: '> 5' } }),
    ).rejects.toMatchObject({ code: 'label-single-class' });

    const split = await call<{
      totals: Record<string, number>;
      groups: { name: string; counts: Record<string, number> }[];
    }>('datasets:split-stats', { projectId: project.id });
    expect(split.totals).toEqual({ train: 14_333, test: 3_584 });
    expect(split.groups.find((g) => g.name === 'White')!.counts).toEqual({ train: 10_680, test: 2_670 });
  });

  it('datasets:leakage names a measured near-perfect predictor with the reason, not a bare name, nothing on a clean file', async () => {
    // 400 rows: "outcome" is the label; "status" copies it (near-perfect predictor); "duration" is named like a value
    // recorded after the outcome but unrelated to it, so its name alone raises nothing; "age" and "region" are noise.
    const lines = ['age,region,duration,status,outcome'];
    for (let i = 0; i < 400; i++) {
      const positive = (i * 7919) % 5 === 0;
      lines.push(
        [
          20 + ((i * 31) % 50),
          ['north', 'south', 'east'][i % 3],
          (i * 13) % 60,
          positive !== (i === 3) ? 'closed' : 'open',
          positive ? 'yes' : 'no',
        ].join(','),
      );
    }
    const file = await tmp.write('leaky.csv', `${lines.join('\n')}\n`);
    const project = await call<{ id: string }>('projects:create', { name: 'Leak test' });
    const { jobId } = await call<{ jobId: string }>('datasets:import', {
      projectId: project.id,
      source: { kind: 'path', path: file },
    });
    expect(await finished(jobId)).toMatchObject({ ok: true });
    const leakage = await call<{ column: string; reason: string }[]>('datasets:leakage', {
      projectId: project.id,
      label: { column: 'outcome', positive: ['yes'] },
    });
    expect(leakage.map((l) => l.column)).toEqual(['status']);
    expect(leakage.find((l) => l.column === 'status')!.reason).toMatch(
      /status alone predicts the label 99\.8 % right from its value \(always guessing the majority: 80\.0 %\)/,
    );

    const sample = await call<{ id: string }>('projects:create', { name: 'Clean' });
    expect(
      await finished(
        (await call<{ jobId: string }>('datasets:import', { projectId: sample.id, source: { kind: 'sample' } })).jobId,
      ),
    ).toMatchObject({ ok: true });
    expect(
      await call('datasets:leakage', { projectId: sample.id, label: { column: 'PINCP', positive: ['True'] } }),
    ).toEqual([]);
  });

  it('a bad file ends the job with the error event and leaves project.json without a dataset', async () => {
    const project = await call<{ id: string }>('projects:create', { name: 'Bad data' });
    const file = await tmp.write('ragged.csv', 'a,b\n1,2\n3\n');
    const { jobId } = await call<{ jobId: string }>('datasets:import', {
      projectId: project.id,
      source: { kind: 'path', path: file },
    });
    const done = await finished(jobId);
    expect(done).toMatchObject({ ok: false, error: { code: 'dataset-malformed' } });
    expect((done['error'] as { message: string }).message).toMatch(/ragged\.csv, line 3/);
    expect((await call<{ dataset: unknown }>('projects:get', { id: project.id })).dataset).toBeNull();
    await expect(call('datasets:summary', { projectId: project.id })).rejects.toMatchObject({ code: 'not-found' });
  });

  it('a non-sample file gets a suggested draft (label, protected attribute, ID columns excluded)', async () => {
    const project = await call<{ id: string }>('projects:create', { name: 'Guess' });
    const rows = Array.from(
      { length: 80 },
      (_, i) => `${i},${i % 2 ? 'male' : 'female'},${20 + (i % 40)},${i % 3 ? '<=50K' : '>50K'}`,
    );
    const file = await tmp.write('people.csv', ['id,sex,age,income', ...rows].join('\n'));
    const { jobId } = await call<{ jobId: string }>('datasets:import', {
      projectId: project.id,
      source: { kind: 'path', path: file },
    });
    expect(await finished(jobId)).toMatchObject({ ok: true });
    const saved = await call<{ task: Record<string, unknown> }>('projects:get', { id: project.id });
    expect(saved.task).toMatchObject({
      data: { label: { column: 'income', positive: ['>50K'] }, exclude: ['id'] },
      groups: { attributes: [{ column: 'sex' }] },
    });
  });

  it('hides personal columns (names, birth dates) in the preview unless revealed, and leaves them out of the draft', async () => {
    const project = await call<{ id: string }>('projects:create', { name: 'Personal' });
    const rows = Array.from(
      { length: 60 },
      (_, i) => `person ${i % 20},19${50 + (i % 40)}-01-02,${i % 2 ? 'F' : 'M'},${i % 3 ? 0 : 1}`,
    );
    const file = await tmp.write('people-names.csv', ['name,dob,sex,outcome', ...rows].join('\n'));
    const { jobId } = await call<{ jobId: string }>('datasets:import', {
      projectId: project.id,
      source: { kind: 'path', path: file },
    });
    expect(await finished(jobId)).toMatchObject({ ok: true });
    const hidden = await call<{ columns: string[]; hidden: string[]; rows: unknown[][] }>('datasets:preview', {
      projectId: project.id,
      offset: 0,
      limit: 2,
    });
    expect(hidden.hidden).toEqual(['name', 'dob']);
    expect(hidden.rows[0]!.slice(0, 2)).toEqual(['•••', '•••']);
    expect(hidden.rows[0]![2]).toBe('M');
    const shown = await call<{ hidden: string[]; rows: unknown[][] }>('datasets:preview', {
      projectId: project.id,
      offset: 0,
      limit: 2,
      revealPersonal: true,
    });
    expect(shown.hidden).toEqual([]);
    expect(shown.rows[0]![0]).toBe('person 0');
    const saved = await call<{ task: { data: { exclude: string[] } } }>('projects:get', { id: project.id });
    expect(saved.task.data.exclude).toEqual(expect.arrayContaining(['name', 'dob']));
  });

  it('shows dates and times in the preview as the file writes them, not as JS date strings', async () => {
    const project = await call<{ id: string }>('projects:create', { name: 'Dates' });
    const rows = Array.from({ length: 40 }, (_, i) => `2013-08-${10 + (i % 9)},2013-08-13 06:03:4${i % 10},${i % 2}`);
    const file = await tmp.write('screenings.csv', ['screening_date,jail_in,outcome', ...rows].join('\n'));
    const { jobId } = await call<{ jobId: string }>('datasets:import', {
      projectId: project.id,
      source: { kind: 'path', path: file },
    });
    expect(await finished(jobId)).toMatchObject({ ok: true });
    const preview = await call<{ rows: unknown[][] }>('datasets:preview', {
      projectId: project.id,
      offset: 0,
      limit: 2,
    });
    expect(preview.rows[0]).toEqual(['2013-08-10', '2013-08-13 06:03:40', 0]);
    expect(preview.rows[1]).toEqual(['2013-08-11', '2013-08-13 06:03:41', 1]);
  });

  it('cancel of an unknown job says so', async () => {
    expect(await call('datasets:cancel', { jobId: 'nope' })).toEqual({ cancelled: false });
  });
});
