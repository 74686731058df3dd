import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigTransfer } from '../../../../renderer/src/views/configs/config-transfer.svelte';
import { FakeMain } from '../../fake-main';

afterEach(() => vi.unstubAllGlobals());

const configJson = JSON.stringify({ name: 'Loans', data: { path: 'loans.csv' } });

describe('ConfigTransfer', () => {
  it('a config whose data file cannot be found waits for that file, then imports both', async () => {
    const main = new FakeMain().handle('configs:import', (request) =>
      'data' in request && request.data
        ? { projectId: 'loans', name: 'Loans' }
        : { error: { code: 'invalid-config', message: 'data.path: loans.csv is not absolute' } },
    );
    main.importFileReply = { ok: true, data: { kind: 'path', path: '/data/loans.csv' } };
    const transfer = new ConfigTransfer(main.api);
    expect(await transfer.importConfig(new File([configJson], 'loans.json'))).toBeNull();
    expect(transfer.pendingJson).toBe(configJson);
    expect(transfer.error?.code).toBe('invalid-config');

    expect(await transfer.importWithData(new File(['a,b\n'], 'loans.csv'))).toBe('loans');
    expect(main.requests('configs:import')[1]).toEqual({
      json: configJson,
      data: { kind: 'path', path: '/data/loans.csv' },
    });
    expect(transfer.pendingJson).toBeNull();
    expect(transfer.error).toBeNull();
    expect(transfer.busy).toBe(false);
  });

  it('any other import error is shown without asking for a data file', async () => {
    const main = new FakeMain().handle('configs:import', {
      error: { code: 'invalid-config', message: 'solver.name: unknown solver' },
    });
    const transfer = new ConfigTransfer(main.api);
    expect(await transfer.importConfig(new File([configJson], 'loans.json'))).toBeNull();
    expect(transfer.pendingJson).toBeNull();
    expect(transfer.error?.message).toBe('solver.name: unknown solver');
  });

  it('a data file picked as a config is named and pointed to the Data tab, without a round trip', async () => {
    const main = new FakeMain();
    const transfer = new ConfigTransfer(main.api);
    const csv = new File(['id,sex,two_year_recid\n1,Male,0\n'], 'compas-scores-two-years.csv');
    expect(await transfer.importConfig(csv)).toBeNull();
    expect(transfer.error?.message).toMatch(/^compas-scores-two-years\.csv is not a task config/);
    expect(transfer.error?.message).toMatch(/Data tab/);
    expect(main.requests('configs:import')).toEqual([]);
    transfer.dismissError();
    expect(transfer.error).toBeNull();
  });

  it('export downloads the JSON under its file name and shows its warnings', async () => {
    const clicked: { download: string; href: string }[] = [];
    vi.stubGlobal('document', {
      createElement: () => ({
        href: '',
        download: '',
        click(this: { download: string; href: string }) {
          clicked.push({ download: this.download, href: this.href });
        },
      }),
    });
    vi.stubGlobal(
      'URL',
      Object.assign(Object.create(URL) as typeof URL, {
        createObjectURL: () => 'blob:config',
        revokeObjectURL: () => {},
      }),
    );
    const main = new FakeMain().handle('configs:export', {
      config: {},
      json: configJson,
      fileName: 'loans.json',
      warnings: ['data.path is absolute'],
    });
    const transfer = new ConfigTransfer(main.api);
    await transfer.exportConfig('loans');
    expect(clicked).toEqual([{ download: 'loans.json', href: 'blob:config' }]);
    expect(transfer.warnings).toEqual(['data.path is absolute']);
  });
});
