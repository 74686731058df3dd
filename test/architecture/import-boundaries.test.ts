import { execFile } from 'node:child_process';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/paths.js';

/**
 * The layer boundaries are enforced by `npm run lint` (eslint.config.js, rule fairbound/import-boundaries in
 * scripts/lint/import-boundaries.js). These tests plant violations, linted with the repository's own config as if they
 * were files at the given paths, and check that each one fails and that its allowed counterpart passes.
 */
const eslint = new ESLint({ cwd: repoRoot });

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, file) });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`);
}

const BOUNDARY = 'fairbound/import-boundaries';

const planted: { file: string; code: string; banned: boolean }[] = [
  // main/core reaches its adapters only through injection; compose.ts, the composition root, builds the process host.
  {
    file: 'main/core/training/planted.ts',
    code: "import { createProcessEngineHost } from '../../worker/process-host.js';\nvoid createProcessEngineHost;\n",
    banned: true,
  },
  {
    file: 'main/core/training/planted.ts',
    code: "import type { ProcessHostOptions } from '../../worker/process-host.js';\nexport type H = ProcessHostOptions;\n",
    banned: true,
  },
  {
    file: 'main/core/planted.ts',
    code: "const host = require('../worker/process-host.js');\nvoid host;\n",
    banned: true,
  },
  {
    file: 'main/core/compose.ts',
    code: "import { createProcessEngineHost } from '../worker/process-host.js';\nvoid createProcessEngineHost;\n",
    banned: false,
  },
  { file: 'main/core/compose.ts', code: "import { run } from '../cli/cli.js';\nvoid run;\n", banned: true },
  { file: 'main/core/planted.ts', code: "export { EXIT } from '../cli/exit-codes.js';\n", banned: true },
  {
    file: 'main/core/planted.ts',
    code: "import { repoRoot } from '../../test/helpers/paths.js';\nvoid repoRoot;\n",
    banned: true,
  },
  // tfjs only in the engine; electron only in the shell.
  { file: 'main/core/data/planted.ts', code: "import * as tf from '@tensorflow/tfjs-core';\nvoid tf;\n", banned: true },
  {
    file: 'main/core/engine/planted.ts',
    code: "import * as tf from '@tensorflow/tfjs-core';\nvoid tf;\n",
    banned: false,
  },
  { file: 'main/host/planted.ts', code: "import { app } from 'electron';\nvoid app;\n", banned: true },
  { file: 'main/electron/planted.ts', code: "import { app } from 'electron';\nvoid app;\n", banned: false },
  // shared/ is environment-free: zod and itself only.
  { file: 'shared/planted.ts', code: "import fs from 'node:fs';\nvoid fs;\n", banned: true },
  { file: 'shared/planted.ts', code: "import fs from 'fs';\nvoid fs;\n", banned: true },
  { file: 'shared/planted.ts', code: "import * as tf from '@tensorflow/tfjs-core';\nvoid tf;\n", banned: true },
  {
    file: 'shared/planted.ts',
    code: "import { composeHost } from '../main/core/compose.js';\nvoid composeHost;\n",
    banned: true,
  },
  {
    file: 'shared/planted.ts',
    code: "import { z } from 'zod';\nimport { SOLVERS } from './solvers.js';\nvoid z;\nvoid SOLVERS;\n",
    banned: false,
  },
  // The renderer talks to main only through the contract.
  {
    file: 'renderer/src/planted.ts',
    code: "import { composeHost } from '../../main/core/compose.js';\nvoid composeHost;\n",
    banned: true,
  },
  {
    file: 'renderer/src/planted.ts',
    code: "export const load = () => import('../../main/core/compose.js');\n",
    banned: true,
  },
  { file: 'renderer/src/planted.ts', code: "import path from 'node:path';\nvoid path;\n", banned: true },
  {
    file: 'renderer/src/views/Planted.svelte',
    code: '<script lang="ts">\n  import { composeHost } from \'../../../main/core/compose.js\';\n  void composeHost;\n</script>\n',
    banned: true,
  },
  {
    file: 'renderer/src/planted.ts',
    code: "import { SOLVERS } from '../../shared/solvers';\nvoid SOLVERS;\n",
    banned: false,
  },
  // Benchmarks run from the product and may not lean on test helpers; tests may import anything.
  {
    file: 'bench/planted.ts',
    code: "import { loadAcsSampleTask } from '../test/helpers/acs-sample-task.js';\nvoid loadAcsSampleTask;\n",
    banned: true,
  },
  {
    file: 'test/planted.test.ts',
    code: "import { createProcessEngineHost } from '../main/worker/process-host.js';\nvoid createProcessEngineHost;\n",
    banned: false,
  },
];

describe('layer boundaries (npm run lint)', () => {
  it.each(planted)('$file: $code', async ({ file, code, banned }) => {
    const found = await problems(file, code);
    if (banned)
      expect(
        found.some((p) => p.startsWith(`${BOUNDARY}:`)),
        found.join('\n'),
      ).toBe(true);
    else expect(found, found.join('\n')).toEqual([]);
  });

  it('main/ and shared/ may not touch page globals', async () => {
    expect(await problems('shared/planted.ts', 'export const width = window.innerWidth;\n')).toEqual([
      expect.stringMatching(/^no-restricted-globals:/),
    ]);
    expect(await problems('main/core/planted.ts', 'export const here = document.title;\n')).toEqual([
      expect.stringMatching(/^no-restricted-globals:/),
    ]);
    expect(await problems('shared/planted.ts', 'export const env = process.env;\n')).toEqual([
      expect.stringMatching(/^no-restricted-globals:/),
    ]);
  });

  it('the eslint command that `npm run lint` runs exits non-zero on a planted violation', async () => {
    const bin = path.join(repoRoot, 'node_modules', 'eslint', 'bin', 'eslint.js');
    const run = (file: string, code: string) =>
      new Promise<{ code: number; out: string }>((resolve) => {
        const child = execFile(
          process.execPath,
          [bin, '--stdin', '--stdin-filename', file],
          { cwd: repoRoot },
          (error, stdout) => resolve({ code: error ? Number(error.code ?? 1) : 0, out: stdout }),
        );
        child.stdin?.end(code);
      });
    const bad = await run(
      'main/core/training/planted.ts',
      "import { createProcessEngineHost } from '../../worker/process-host.js';\nvoid createProcessEngineHost;\n",
    );
    expect(bad.code).toBe(1);
    expect(bad.out).toContain(BOUNDARY);
    const good = await run(
      'main/core/training/planted.ts',
      "import { AUTO_BACKEND_ORDER } from '../../../shared/fairness.js';\nvoid AUTO_BACKEND_ORDER;\n",
    );
    expect(good).toEqual({ code: 0, out: '' });
  });
});
