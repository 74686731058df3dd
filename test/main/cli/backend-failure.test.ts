import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paperTaskConfig } from '../../../shared/config/task-config.js';
import { sampleCsv } from '../../helpers/paths.js';
import { runBin } from './run-bin.js';

const noBackend = fileURLToPath(new URL('./fixtures/no-backend.cjs', import.meta.url));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'fairbound-cli-backend-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('fairbound run when no compute backend starts', () => {
  it('prints one line naming every backend and why it failed, not a stack trace, and exits 1', async () => {
    const config = path.join(dir, 'task.json');
    await writeFile(
      config,
      JSON.stringify({ ...paperTaskConfig(sampleCsv), budget: { iterations: 5 }, backend: 'wasm' }),
    );
    const result = await runBin(['run', config, '--out', path.join(dir, 'out'), '--quiet'], {
      env: { NODE_OPTIONS: `--require ${noBackend}` },
    });
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines, result.stderr).toHaveLength(1);
    expect(lines[0]).toBe(
      "fairbound run: no tfjs backend could be initialised (wasm: tf.setBackend('wasm') returned false; cpu: tf.setBackend('cpu') returned false)",
    );
  });
});
