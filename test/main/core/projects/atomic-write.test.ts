import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../../main/core/projects/atomic-write.js';
import { repoRoot } from '../../../helpers/paths.js';
import { mulberry32 } from '../../../../shared/random.js';

const writer = path.join(repoRoot, 'test/main/core/projects/fixtures/atomic-writer.ts');

async function readComplete(file: string): Promise<number> {
  const doc = JSON.parse(await readFile(file, 'utf8')) as { seq: number; digest: string; payload: string };
  expect(createHash('sha256').update(doc.payload).digest('hex')).toBe(doc.digest);
  return doc.seq;
}

/** Runs the writer until `delayMs` after its first completed write, then SIGKILLs it; returns the last acknowledged seq. */
function runAndKill(file: string, start: number, delayMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, file, String(start)], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let acknowledged = start - 1;
    let stderr = '';
    let armed = false;
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      for (const match of chunk.toString().matchAll(/wrote (\d+)/g)) acknowledged = Number(match[1]);
      if (!armed) {
        armed = true;
        setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    });
    child.on('exit', (_code, signal) =>
      signal === 'SIGKILL' ? resolve(acknowledged) : reject(new Error(`writer exited on its own: ${stderr}`)),
    );
  });
}

describe('writeFileAtomic', () => {
  it('replaces content and leaves no temp file behind', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fairbound-atomic-'));
    const file = path.join(dir, 'project.json');
    await writeFileAtomic(file, 'one');
    await writeFileAtomic(file, 'two');
    expect(await readFile(file, 'utf8')).toBe('two');
    expect(await readdir(dir)).toEqual(['project.json']);
  });

  it('survives SIGKILL at random moments: the file is always the old or the new version, never truncated', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fairbound-crash-'));
    const file = path.join(dir, 'project.json');
    const random = mulberry32(20260123);
    let next = 0;
    for (let round = 0; round < 8; round += 1) {
      const acknowledged = await runAndKill(file, next, Math.floor(random() * 250));
      const seq = await readComplete(file);
      // The kill may land after a rename but before "wrote" reached us: then the file is one ahead.
      expect([acknowledged, acknowledged + 1]).toContain(seq);
      next = seq + 1;
    }
  });
});
