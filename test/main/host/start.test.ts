import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CHANNELS } from '../../../shared/ipc/contract.js';
import { startHost, type RunningHost } from '../../../main/host/start.js';
import { connectWs } from '../../e2e/harness.js';
import { MALFORMED_PAYLOADS } from '../../helpers/malformed.js';

const quiet = { log: () => undefined };

/** Raw HTTP so the test controls every header (fetch would refuse to set Host). */
function http(port: number, pathName: string, options: { method?: string; headers?: Record<string, string>; body?: Buffer } = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: pathName, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

let host: RunningHost;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'fairbound-host-'));
  const rendererDir = path.join(dataDir, 'renderer');
  mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(dataDir, 'secret.txt'), 'secret');
  host = await startHost({ dataDir: path.join(dataDir, 'data'), rendererDir, uploadLimitBytes: 1024, log: quiet });
});

afterAll(() => host.close());

describe('headless host', () => {
  it('prints a loopback URL carrying a random token', () => {
    expect(host.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/\\?token=[A-Za-z0-9_-]{32}$`));
  });

  it('serves the renderer only with the token, then by cookie, always with the CSP', async () => {
    expect((await http(host.port, '/')).status).toBe(403);
    expect((await http(host.port, '/?token=wrong')).status).toBe(403);
    const page = await http(host.port, `/?token=${host.token}`);
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.headers['content-security-policy']).toContain(`connect-src 'self' ws://127.0.0.1:${host.port}`);
    const cookie = String(page.headers['set-cookie']).split(';')[0] ?? '';
    expect((await http(host.port, '/assets/app.js')).status).toBe(403);
    expect((await http(host.port, '/assets/app.js', { headers: { cookie } })).body).toBe('console.log(1)');
  });

  it('refuses paths outside the renderer folder and foreign Host headers', async () => {
    const headers = { 'x-fairbound-token': host.token };
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/%00']) {
      const res = await http(host.port, p, { headers });
      expect(res.status, p).toBe(404);
    }
    expect((await http(host.port, `/?token=${host.token}`, { headers: { host: 'evil.example:80' } })).status).toBe(403);
  });

  it('rejects WebSocket connections without the token or from another origin', async () => {
    const attempt = (url: string, origin?: string) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(url, origin === undefined ? {} : { origin });
        ws.on('open', () => {
          ws.close();
          resolve('open');
        });
        ws.on('error', () => resolve('refused'));
      });
    const base = `ws://127.0.0.1:${host.port}/ws`;
    expect(await attempt(base)).toBe('refused');
    expect(await attempt(`${base}?token=nope`)).toBe('refused');
    expect(await attempt(`${base}?token=${host.token}`, 'http://evil.example')).toBe('refused');
    expect(await attempt(`${base}?token=${host.token}`, `http://127.0.0.1:${host.port}`)).toBe('open');
  });

  it('answers malformed payloads on every channel with invalid-payload over the WebSocket, and survives', async () => {
    const ws = await connectWs(host);
    for (const channel of CHANNELS) {
      for (const payload of MALFORMED_PAYLOADS) {
        expect(await ws.invoke(channel, payload), channel).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
      }
    }
    for (const raw of ['not json', '{"channel":"app:info"}', '[]', 'null', '{"id":{},"channel":"app:info"}']) {
      expect(await ws.sendRaw(raw)).toMatchObject({ id: null, result: { ok: false, error: { code: 'invalid-payload' } } });
    }
    expect(await ws.sendRaw('{"id":"r1","channel":7}', 'r1')).toMatchObject({ id: 'r1', result: { ok: false, error: { code: 'invalid-payload' } } });
    expect(await ws.invoke('nope:x', {})).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    expect(await ws.invoke('app:info', {})).toMatchObject({ ok: true, data: { transport: 'http' } });
    ws.close();
  });

  it('pushes events to connected clients', async () => {
    const ws = await connectWs(host);
    const created = await ws.invoke('projects:create', { name: 'Evented' });
    expect(created.ok).toBe(true);
    await expect.poll(() => ws.events.map((e) => e.event)).toContain('projects:changed');
    ws.close();
  });

  it('streams uploads to dataDir/uploads with the token, within the size limit', async () => {
    const body = Buffer.from('a,b\n1,2\n');
    expect((await http(host.port, '/api/upload?name=x.csv', { method: 'POST', body })).status).toBe(403);
    const ok = await http(host.port, '/api/upload?name=../../evil.csv', { method: 'POST', body, headers: { 'x-fairbound-token': host.token } });
    const { data } = JSON.parse(ok.body) as { data: { uploadId: string; name: string; bytes: number } };
    expect(data).toMatchObject({ name: 'evil.csv', bytes: body.length });
    const resolved = await host.host.services.resolveUpload(data.uploadId);
    expect(resolved.path).toBe(path.join(host.host.services.dataDir, 'uploads', data.uploadId, 'evil.csv'));
    expect(await readFile(resolved.path, 'utf8')).toBe('a,b\n1,2\n');

    const big = await http(host.port, '/api/upload?name=big.csv', { method: 'POST', body: Buffer.alloc(2048), headers: { 'x-fairbound-token': host.token } });
    expect(big.status).toBe(413);
    await expect(host.host.services.resolveUpload('no-such-upload')).rejects.toThrow(/No upload/);
  });
});
