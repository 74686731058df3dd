import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../../main/core/log/logger.js';

const TOKEN = 'Zx3-abcdefghijklmnopqrstuvwxyz012';

describe('logger', () => {
  it('never writes an access token, wherever it appears', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fairbound-log-'));
    const log = createLogger({ dir, quiet: true });
    log.log('warn', `GET //x?token=${TOKEN}&a=1`, {
      url: `/?token=${TOKEN}`,
      headers: { 'x-fairbound-token': TOKEN, 'sec-websocket-protocol': `fairbound, fairbound-token.${TOKEN}` },
      error: new Error(`failed at http://127.0.0.1:1/?token=${TOKEN}`),
    });
    const text = readFileSync(path.join(dir, 'fairbound.log'), 'utf8');
    expect(text).not.toContain(TOKEN);
    expect(text).toContain('token=[redacted]');
    expect(JSON.parse(text)).toMatchObject({ level: 'warn' });
  });

  it('rotates: the log folder stays under maxBytes × (files + 1) however much is written', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fairbound-log-'));
    const log = createLogger({ dir, quiet: true, maxBytes: 10_000, files: 2 });
    for (let i = 0; i < 2_000; i++) log.log('info', `request ${i}`, { padding: 'x'.repeat(50) });
    const names = readdirSync(dir).sort();
    expect(names).toEqual(['fairbound.log', 'fairbound.log.1', 'fairbound.log.2']);
    const total = names.reduce((sum, name) => sum + statSync(path.join(dir, name)).size, 0);
    expect(total).toBeLessThanOrEqual(30_000);
    expect(readFileSync(path.join(dir, 'fairbound.log'), 'utf8')).toContain('request 1999');
    // A new logger on the same folder continues the bound (the size is read back at start).
    const again = createLogger({ dir, quiet: true, maxBytes: 10_000, files: 2 });
    for (let i = 0; i < 500; i++) again.log('info', `more ${i}`, { padding: 'x'.repeat(50) });
    expect(statSync(path.join(dir, 'fairbound.log')).size).toBeLessThanOrEqual(10_000);
  });
});
