import os from 'node:os';
import path from 'node:path';

/** Per-user data folder outside Electron: $FAIRBOUND_DATA_DIR, else the platform's usual place. */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  const explicit = env['FAIRBOUND_DATA_DIR'];
  if (explicit !== undefined && explicit !== '') return path.resolve(explicit);
  const home = os.homedir();
  if (platform === 'win32') return path.join(env['APPDATA'] ?? path.join(home, 'AppData', 'Roaming'), 'Fairbound');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Fairbound');
  return path.join(env['XDG_DATA_HOME'] ?? path.join(home, '.local', 'share'), 'fairbound');
}
