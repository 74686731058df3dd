import { describe, expect, it } from 'vitest';
import { needsDataFile } from '../../../../renderer/src/views/configs/config-errors.js';

describe('needsDataFile', () => {
  it('offers to pick the data file when the config names one that cannot be read here', () => {
    expect(needsDataFile({ code: 'io-error', message: '/home/a/data.csv does not exist' })).toBe(true);
    expect(needsDataFile({ code: 'dataset-unreadable', message: 'data.csv: permission denied' })).toBe(true);
    expect(
      needsDataFile({
        code: 'forbidden',
        message: 'data.csv may not be read: the headless app reads uploaded files only.',
      }),
    ).toBe(true);
    expect(
      needsDataFile({ code: 'invalid-config', message: 'data.path: "data.csv" is relative; give an absolute path' }),
    ).toBe(true);
  });

  it('does not when the config itself is wrong', () => {
    expect(
      needsDataFile({ code: 'invalid-config', message: 'config: invalid task config\n  solver.params.tua: unknown' }),
    ).toBe(false);
    expect(needsDataFile({ code: 'label-invalid', message: 'PINCP has no value "Yes"' })).toBe(false);
  });
});
