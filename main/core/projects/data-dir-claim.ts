import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * Whether this process is the only live Fairbound on a data folder: <dataDir>/.owner.pid holds the pid of the
 * last process that claimed it. When that process is gone (it exited or was killed), leftovers of interrupted
 * writes cannot belong to work in flight and can be removed at once. A live owner (or a reused pid) only makes
 * the start-up clean-up wait for the usual age.
 */
export async function claimDataDir(dataDir: string): Promise<boolean> {
  const file = path.join(dataDir, '.owner.pid');
  const previous = Number.parseInt(await fs.readFile(file, 'utf8').catch(() => ''), 10);
  if (Number.isInteger(previous) && previous > 0 && previous !== process.pid && isAlive(previous)) return false;
  await fs.mkdir(dataDir, { recursive: true });
  await fs.writeFile(file, String(process.pid));
  return true;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
