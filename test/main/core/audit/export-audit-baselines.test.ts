import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditResultSchema, type AuditResult } from '../../../../shared/audit.js';
import { resultsSchema, type RunResult } from '../../../../shared/config/results.js';
import { taskConfigSchema } from '../../../../shared/config/task-config.js';
import { exportAudit } from '../../../../main/core/audit/export-audit.js';
import { PlaywrightPdfPrinter } from '../../../../main/core/audit/playwright-printer.js';
import { repoRoot, sampleCsv } from '../../../helpers/paths.js';

const tools = ['/usr/bin/chromium', '/usr/bin/pdftotext'];
const missing = tools.filter((t) => !existsSync(t));

/** A baseline method on the bundled sample, trained through the CLI (a child process, as the app's jobs run). */
const configFor = (solver: 'threshold-optimizer' | 'exponentiated-gradient') =>
  taskConfigSchema.parse({
    name: `ACSIncome-OK ${solver} audit test`,
    data: { path: sampleCsv, label: { column: 'PINCP', positive: ['True'] } },
    split: { test: 0.2, validation: 0.2, seed: 42 },
    groups: { attributes: [{ column: 'SEX', map: { '1': 'Male', '2': 'Female' }, name: 'Sex' }], minSize: 30 },
    constraints: [{ kind: 'positive-rate-gap', topology: 'pairwise', tolerance: 0.05 }],
    model: { hidden: [8] },
    solver: { name: solver, batchSize: 64 },
    budget: { iterations: 200 },
    backend: 'wasm',
  });

const EXPECTED = {
  'threshold-optimizer': {
    title: 'Post-processing (group thresholds)',
    model: 'group-specific randomised decision thresholds chosen by a linear program',
    requirement: "Needs each person's protected attribute at prediction time",
  },
  'exponentiated-gradient': {
    title: 'Reductions (exponentiated gradient)',
    model: 'randomised mixture of weighted logistic regressions on the same features',
    requirement: 'Decisions are randomised: each one needs a random draw from the mixture',
  },
} as const;

describe.skipIf(missing.length > 0).each(['threshold-optimizer', 'exponentiated-gradient'] as const)(
  `audit PDF of a %s run (needs ${tools.join(', ')})`,
  (solver) => {
    let dir: string;
    let run: RunResult;
    let audit: AuditResult;
    let text: string;
    const printer = new PlaywrightPdfPrinter();

    beforeAll(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'fairbound-audit-baseline-'));
      const file = path.join(dir, 'job.json');
      await writeFile(file, JSON.stringify(configFor(solver)));
      execFileSync(
        process.execPath,
        [path.join(repoRoot, 'bin/fairbound.js'), 'run', file, '--out', path.join(dir, 'job')],
        { cwd: repoRoot, stdio: 'pipe' },
      );
      run = resultsSchema.parse(JSON.parse(await readFile(path.join(dir, 'job', 'results.json'), 'utf8'))).runs[0]!;
      const out = await exportAudit(path.join(dir, 'job'), 0, {
        pdfPath: path.join(dir, 'audit.pdf'),
        bootstrap: { resamples: 100, seed: 7 },
        printer,
      });
      audit = auditResultSchema.parse(JSON.parse(await readFile(out.jsonPath, 'utf8')).audit);
      text = execFileSync('pdftotext', ['-layout', out.pdfPath, '-'], { encoding: 'utf8' })
        .replace(/\u00a0/g, ' ')
        .replace(/\s+/g, ' ');
    }, 180_000);

    afterAll(async () => {
      await printer.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('says what the model is and what predicting with it requires', () => {
      expect(text).toContain(EXPECTED[solver].title);
      expect(text).toContain('Prediction requires');
      expect(text).toContain(EXPECTED[solver].requirement);
      expect(text).toContain(EXPECTED[solver].model);
    });

    it('certifies the drawn decisions with the same verdicts as the run record', () => {
      const certificate = audit.certificate[0]!.splits.find((s) => s.split === 'test')!;
      const recorded = run.test.constraints[0]!;
      expect(certificate.value).toBeCloseTo(recorded.value!, 12);
      expect(certificate.verdict).toBe(recorded.verdict);
      expect(text).toContain(certificate.value!.toFixed(4));
    });
  },
);
