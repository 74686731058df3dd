import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../helpers/paths.js';

interface Issue {
  id: string;
  file: string;
  severity: { name: string };
}
type Run = (options: Record<string, unknown>) => Promise<{ issues: Issue[]; errors: unknown[] }>;

/**
 * Electronegativity's own runner, called in-process: its CLI writes the CSV header and rows with two racing async
 * writes, so the report file is sometimes garbled; the runner's return value is not.
 */
const run = createRequire(import.meta.url)('@doyensec/electronegativity/dist/runner.js') as { default?: Run } & Run;
const electronegativity: Run = run.default ?? run;

describe('Electronegativity on the built shell', () => {
  it('reports no HIGH finding on dist/electron and the renderer index.html', async () => {
    // It only scans *.js / *.html, so the built .mjs / .cjs bundles are copied under .js names.
    const input = mkdtempSync(path.join(os.tmpdir(), 'fairbound-eng-'));
    copyFileSync(path.join(repoRoot, 'dist/electron/main.mjs'), path.join(input, 'main.js'));
    copyFileSync(path.join(repoRoot, 'dist/electron/preload.cjs'), path.join(input, 'preload.js'));
    copyFileSync(path.join(repoRoot, 'dist/renderer/index.html'), path.join(input, 'index.html'));
    const electronVersion = (
      JSON.parse(readFileSync(path.join(repoRoot, 'node_modules/electron/package.json'), 'utf8')) as { version: string }
    ).version;
    const report = await electronegativity({
      input,
      excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
      isRelative: true,
      electronVersionOverride: electronVersion,
      parserPlugins: [],
    });
    expect(report.errors).toEqual([]);
    const findings = report.issues.map((issue) => ({
      issue: issue.id,
      severity: issue.severity.name,
      file: issue.file,
    }));
    // Proof the window literal in main.js was really parsed: the preload it names is always reported for review.
    expect(findings).toContainEqual(expect.objectContaining({ issue: 'PRELOAD_JS_CHECK', file: 'main.js' }));
    expect(findings.filter((f) => f.severity === 'HIGH')).toEqual([]);
    const forbidden =
      /SANDBOX|CONTEXT_ISOLATION|NODE_INTEGRATION|WEB_SECURITY|INSECURE_CONTENT|EXPERIMENTAL|BLINK|REMOTE_MODULE|PERMISSION_REQUEST|LIMIT_NAVIGATION/;
    expect(findings.filter((f) => forbidden.test(f.issue))).toEqual([]);
  });
});
