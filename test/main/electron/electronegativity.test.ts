import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../helpers/paths.js';

/** Minimal RFC 4180 reader: Electronegativity quotes samples that hold commas and newlines. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field.trim());
      field = '';
    } else if (c === '\n') {
      row.push(field.trim());
      rows.push(row);
      row = [];
      field = '';
    } else if (c !== '\r') field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field.trim()]);
  return rows;
}

describe('Electronegativity on the built shell', () => {
  it('reports no HIGH finding on dist/electron and the renderer index.html', () => {
    // It only scans *.js / *.html, so the built .mjs / .cjs bundles are copied under .js names.
    const input = mkdtempSync(path.join(os.tmpdir(), 'fairbound-eng-'));
    copyFileSync(path.join(repoRoot, 'dist/electron/main.mjs'), path.join(input, 'main.js'));
    copyFileSync(path.join(repoRoot, 'dist/electron/preload.cjs'), path.join(input, 'preload.js'));
    copyFileSync(path.join(repoRoot, 'dist/renderer/index.html'), path.join(input, 'index.html'));
    const csv = path.join(input, 'report.csv');
    const electronVersion = (JSON.parse(readFileSync(path.join(repoRoot, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;
    const run = spawnSync(
      path.join(repoRoot, 'node_modules/.bin/electronegativity'),
      ['-i', input, '-x', 'AvailableSecurityFixesGlobalCheck', '-e', electronVersion, '-r', '-o', csv],
      { encoding: 'utf8', timeout: 120_000 },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout + run.stderr).not.toMatch(/Error parsing/);

    const [header, ...rows] = parseCsv(readFileSync(csv, 'utf8')).filter((r) => r.length > 1);
    expect(header?.[0]).toBe('issue');
    const findings = rows.map((r) => ({ issue: r[0] ?? '', severity: r[1] ?? '', file: r[3] ?? '' }));
    // Proof the window literal in main.js was really parsed: the preload it names is always reported for review.
    expect(findings).toContainEqual(expect.objectContaining({ issue: 'PRELOAD_JS_CHECK', file: 'main.js' }));
    expect(findings.filter((f) => f.severity === 'HIGH')).toEqual([]);
    const forbidden = /SANDBOX|CONTEXT_ISOLATION|NODE_INTEGRATION|WEB_SECURITY|INSECURE_CONTENT|EXPERIMENTAL|BLINK|REMOTE_MODULE|PERMISSION_REQUEST|LIMIT_NAVIGATION/;
    expect(findings.filter((f) => forbidden.test(f.issue))).toEqual([]);
  });
});
