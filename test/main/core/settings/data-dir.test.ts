import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDataDir } from '../../../../main/core/settings/data-dir.js';

describe('defaultDataDir', () => {
  it('prefers FAIRBOUND_DATA_DIR, then the platform convention', () => {
    expect(defaultDataDir({ FAIRBOUND_DATA_DIR: '/srv/fb' }, 'linux')).toBe(path.resolve('/srv/fb'));
    expect(defaultDataDir({ XDG_DATA_HOME: '/xdg' }, 'linux')).toBe(path.join('/xdg', 'fairbound'));
    expect(defaultDataDir({}, 'linux')).toBe(path.join(os.homedir(), '.local', 'share', 'fairbound'));
    expect(defaultDataDir({}, 'darwin')).toBe(path.join(os.homedir(), 'Library', 'Application Support', 'Fairbound'));
    expect(defaultDataDir({ APPDATA: 'C:/Users/u/AppData/Roaming' }, 'win32')).toBe(
      path.join('C:/Users/u/AppData/Roaming', 'Fairbound'),
    );
  });
});
