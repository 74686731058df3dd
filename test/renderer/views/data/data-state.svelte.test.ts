import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SAMPLE_DATASET_FILE } from '../../../../shared/config/task-config';
import { DataState } from '../../../../renderer/src/views/data/data-state.svelte';
import { FakeMain, settle } from '../../fake-main';
import { project } from '../../fixtures';

// The tab re-checks the source file when the window regains focus; Node has no window, so an EventTarget stands in.
beforeEach(() => vi.stubGlobal('window', new EventTarget()));
afterEach(() => vi.unstubAllGlobals());

/** Main with an empty project p1 and an import channel answering with job j1. */
function mainWithImport(): FakeMain {
  return new FakeMain()
    .handle('projects:get', ({ id }) => project(id))
    .handle('datasets:import', { jobId: 'j1' })
    .handle('datasets:cancel', { cancelled: true });
}

describe('DataState: an import followed through datasets:* events', () => {
  it('progress of its own job moves the bar; other projects and jobs are ignored; success reloads the project', async () => {
    const main = mainWithImport();
    const data = new DataState('p1', main.api);
    const stop = data.start();
    await settle();
    expect(main.requests('projects:get')).toHaveLength(1);

    await data.importSample();
    expect(main.requests('datasets:import')).toEqual([{ projectId: 'p1', source: { kind: 'sample' } }]);
    expect(data.importJob).toMatchObject({ jobId: 'j1', name: SAMPLE_DATASET_FILE, fraction: 0 });

    main.emit('datasets:progress', { jobId: 'j1', seq: 0, projectId: 'p1', fraction: 0.4, phase: 'parse' });
    main.emit('datasets:progress', { jobId: 'j2', seq: 0, projectId: 'p1', fraction: 0.9, phase: 'summary' });
    main.emit('datasets:progress', { jobId: 'j1', seq: 1, projectId: 'other', fraction: 0.9, phase: 'summary' });
    expect(data.importJob).toMatchObject({ jobId: 'j1', fraction: 0.4, phase: 'parse' });

    main.emit('datasets:finished', { jobId: 'j1', seq: 2, projectId: 'p1', ok: true });
    expect(data.importJob).toBeNull();
    await settle();
    expect(main.requests('projects:get')).toHaveLength(2);
    expect(data.importError).toBeNull();

    stop();
    expect(main.listeners('datasets:progress')).toBe(0);
    expect(main.listeners('datasets:finished')).toBe(0);
  });

  it('a failed import shows its error; a cancelled one shows none', async () => {
    const main = mainWithImport();
    const data = new DataState('p1', main.api);
    data.start();
    await settle();

    await data.importSample();
    main.emit('datasets:finished', {
      jobId: 'j1',
      seq: 1,
      projectId: 'p1',
      ok: false,
      error: { code: 'dataset-malformed', message: 'line 3 has 4 fields, expected 11' },
    });
    expect(data.importError).toMatchObject({ message: 'line 3 has 4 fields, expected 11' });

    await data.importSample();
    expect(data.importError).toBeNull();
    await data.cancelImport();
    expect(main.requests('datasets:cancel')).toEqual([{ jobId: 'j1' }]);
    main.emit('datasets:finished', {
      jobId: 'j1',
      seq: 1,
      projectId: 'p1',
      ok: false,
      error: { code: 'cancelled', message: 'cancelled' },
    });
    expect(data.importError).toBeNull();
    expect(data.importJob).toBeNull();
  });

  it('a picked file is uploaded first; an upload that fails never starts an import', async () => {
    const main = mainWithImport();
    const data = new DataState('p1', main.api);
    main.importFileReply = { ok: true, data: { kind: 'upload', uploadId: 'u1' } };
    await data.importFile(new File(['a,b\n1,2\n'], 'loans.csv'));
    expect(main.requests('datasets:import')).toEqual([{ projectId: 'p1', source: { kind: 'upload', uploadId: 'u1' } }]);
    expect(data.importJob).toMatchObject({ jobId: 'j1', name: 'loans.csv' });

    main.importFileReply = { ok: false, error: { code: 'io-error', message: 'upload interrupted' } };
    await data.importFile(new File(['x'], 'other.csv'));
    expect(main.requests('datasets:import')).toHaveLength(1);
    expect(data.importJob).toBeNull();
    expect(data.importError).toMatchObject({ message: 'upload interrupted' });
  });

  it('a reimport that cannot start reports beside the source status and keeps the dataset', async () => {
    const dataset = {
      sourceName: 'loans.csv',
      sourcePath: '/data/loans.csv',
      sha256: 'a'.repeat(64),
      bytes: 10,
      format: 'csv' as const,
      cacheFile: 'datasets/a.parquet',
      rows: 1,
      columns: 2,
      importedAt: '2026-11-30T10:00:00.000Z',
    };
    const main = new FakeMain().handle('datasets:reimport', {
      error: { code: 'not-found', message: 'the original file is gone' },
    });
    const data = new DataState('p1', main.api);
    data.dataset = dataset;
    await data.reimport();
    expect(data.reimportError).toMatchObject({ message: 'the original file is gone' });
    expect(data.importError).toBeNull();
    expect(data.importJob).toBeNull();
    expect(data.dataset).toEqual(dataset);
  });
});
