import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** The figures a bench step prints as the last line of its output (JSON). */
export type Step = Record<string, number | null>;

/** Runs one step of `bench/<script>` in its own Node process, so that its peak RSS is its own; returns its figures. */
export function runStep(script: string, args: string[], env: NodeJS.ProcessEnv = {}): Step {
  const r = spawnSync(process.execPath, ['--import', tsx, path.join(root, 'bench', script), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) throw new Error(`${script} ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Step;
}
