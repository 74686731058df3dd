import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { repoRoot } from '../../helpers/paths.js';

export const BIN = path.join(repoRoot, 'bin', 'fairbound.js');

export interface BinResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `fairbound` executable as a user would (not a TTY), collecting its output. */
export function runBin(
  args: string[],
  options: {
    cwd?: string;
    env?: NodeJS.ProcessEnv;
    timeoutMs?: number;
    /** Called with all stderr / stdout so far after each chunk (e.g. to send a signal at the right moment). */
    onStderr?: (text: string, child: ChildProcess) => void;
    onStdout?: (text: string, child: ChildProcess) => void;
  } = {},
): Promise<BinResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? repoRoot,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      options.onStdout?.(stdout, child);
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      options.onStderr?.(stderr, child);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 100_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** The {ok, data} envelope `--json` prints. */
export function jsonData<T>(result: BinResult): T {
  const parsed = JSON.parse(result.stdout) as { ok: boolean; data: T };
  if (!parsed.ok) throw new Error(`command failed: ${result.stdout}`);
  return parsed.data;
}

/**
 * `fairbound run` on a task config written to dir/task.json, training into dir/run (the folder the export, predict
 * and baseline commands read); fails the calling hook when the run does not exit 0.
 */
export async function trainRunDir(dir: string, config: unknown): Promise<string> {
  const runDir = path.join(dir, 'run');
  await writeFile(path.join(dir, 'task.json'), JSON.stringify(config));
  const trained = await runBin(['run', path.join(dir, 'task.json'), '--out', runDir, '--json'], { timeoutMs: 120_000 });
  if (trained.code !== 0) throw new Error(`fairbound run exited ${trained.code}:\n${trained.stderr}`);
  return runDir;
}
