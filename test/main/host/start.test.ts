import { existsSync, mkdtempSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { paperTaskConfig } from '../../../shared/config/task-config.js';
import { CHANNELS } from '../../../shared/ipc/contract.js';
import { startHost, type RunningHost } from '../../../main/host/start.js';
import { connectWs } from '../../e2e/harness.js';
import { MALFORMED_PAYLOADS } from '../../helpers/malformed.js';

const quiet = { log: () => undefined };

/** Raw HTTP so the test controls every header (fetch would refuse to set Host). */
function http(
  port: number,
  pathName: string,
  options: { method?: string; headers?: Record<string, string>; body?: Buffer } = {},
) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>(
    (resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, path: pathName, method: options.method ?? 'GET', headers: options.headers },
        (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        },
      );
      req.on('error', reject);
      req.end(options.body);
    },
  );
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

  it('serves the page only with the token in its address, sets no cookie, and serves the public build files to anyone', async () => {
    expect((await http(host.port, '/')).status).toBe(403);
    expect((await http(host.port, '/?token=wrong')).status).toBe(403);
    expect((await http(host.port, '/', { headers: { cookie: `fairbound_token=${host.token}` } })).status).toBe(403);
    const page = await http(host.port, `/?token=${host.token}`);
    expect(page.status).toBe(200);
    expect(page.headers['set-cookie']).toBeUndefined();
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.headers['content-security-policy']).toContain(`connect-src 'self' ws://127.0.0.1:${host.port}`);
    const asset = await http(host.port, '/assets/app.js');
    expect(asset.body).toBe('console.log(1)');
    expect(asset.headers['cross-origin-resource-policy']).toBe('same-origin');
  });

  it('refuses paths outside the renderer folder and foreign Host headers', async () => {
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/%00']) {
      const res = await http(host.port, p);
      expect(res.status, p).toBe(404);
    }
    expect((await http(host.port, `/?token=${host.token}`, { headers: { host: 'evil.example:80' } })).status).toBe(403);
  });

  it('answers "//" and absolute request targets with 400 and the security headers, before anything else', async () => {
    for (const target of [
      '//',
      `//x?token=${host.token}`,
      '//127.0.0.1/',
      `http://127.0.0.1:${host.port}/?token=${host.token}`,
    ]) {
      const res = await http(host.port, target);
      expect(res.status, target).toBe(400);
      expect(res.headers['content-security-policy'], target).toContain("default-src 'none'");
      expect(res.headers['x-frame-options'], target).toBe('DENY');
    }
  });

  it('accepts a WebSocket only with the token (subprotocol or header) and the exact page Origin', async () => {
    const attempt = (options: {
      protocols?: string[];
      origin?: string;
      headers?: Record<string, string>;
      query?: string;
    }) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws${options.query ?? ''}`, options.protocols ?? [], {
          ...(options.origin === undefined ? {} : { origin: options.origin }),
          headers: options.headers ?? {},
        });
        ws.on('open', () => {
          resolve(`open:${ws.protocol}`);
          ws.close();
        });
        ws.on('error', () => resolve('refused'));
      });
    const origin = `http://127.0.0.1:${host.port}`;
    const protocols = ['fairbound', `fairbound-token.${host.token}`];
    expect(await attempt({ origin })).toBe('refused');
    expect(await attempt({ origin, protocols: ['fairbound', 'fairbound-token.nope'] })).toBe('refused');
    // The query no longer carries the token for the WebSocket, nor does a cookie.
    expect(await attempt({ origin, query: `?token=${host.token}` })).toBe('refused');
    expect(await attempt({ origin, headers: { cookie: `fairbound_token=${host.token}` } })).toBe('refused');
    // No Origin (a script), another site, another local port, a prefix of ours: all refused.
    expect(await attempt({ protocols })).toBe('refused');
    expect(await attempt({ protocols, origin: 'http://evil.example' })).toBe('refused');
    expect(await attempt({ protocols, origin: `http://127.0.0.1:${host.port + 1}` })).toBe('refused');
    expect(await attempt({ protocols, origin: `http://127.0.0.1:${host.port}0` })).toBe('refused');
    expect(await attempt({ protocols, origin: 'null' })).toBe('refused');
    expect(await attempt({ protocols, origin })).toBe('open:fairbound');
    expect(await attempt({ origin, headers: { 'x-fairbound-token': host.token } })).toBe('open:');
  });

  it('answers malformed payloads on every channel with invalid-payload over the WebSocket, and survives', async () => {
    const ws = await connectWs(host);
    for (const channel of CHANNELS) {
      for (const payload of MALFORMED_PAYLOADS) {
        expect(await ws.invoke(channel, payload), channel).toMatchObject({
          ok: false,
          error: { code: 'invalid-payload' },
        });
      }
    }
    for (const raw of ['not json', '{"channel":"app:info"}', '[]', 'null', '{"id":{},"channel":"app:info"}']) {
      expect(await ws.sendRaw(raw)).toMatchObject({
        id: null,
        result: { ok: false, error: { code: 'invalid-payload' } },
      });
    }
    expect(await ws.sendRaw('{"id":"r1","channel":7}', 'r1')).toMatchObject({
      id: 'r1',
      result: { ok: false, error: { code: 'invalid-payload' } },
    });
    expect(await ws.invoke('nope:x', {})).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    expect(await ws.invoke('app:info', {})).toMatchObject({ ok: true, data: { transport: 'http' } });
    ws.close();
  });

  it('reads no path a request names unless it lies in an allowed folder (uploads only by default)', async () => {
    const ws = await connectWs(host);
    const created = await ws.invoke('projects:create', { name: 'Paths' });
    const projectId = (created as { data: { id: string } }).data.id;
    const secret = path.join(dataDir, 'secret.txt');
    expect(await ws.invoke('datasets:import', { projectId, source: { kind: 'path', path: secret } })).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: expect.stringMatching(/reads uploaded files only/) },
    });
    expect(await ws.invoke('configs:import', { path: secret })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    const json = JSON.stringify(paperTaskConfig(secret));
    expect(await ws.invoke('configs:import', { json })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await ws.invoke('configs:import', { json, data: { kind: 'path', path: secret } })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    ws.close();
  });

  it('pushes events to connected clients', async () => {
    const ws = await connectWs(host);
    const created = await ws.invoke('projects:create', { name: 'Evented' });
    expect(created.ok).toBe(true);
    await expect.poll(() => ws.events.map((e) => e.event)).toContain('projects:changed');
    ws.close();
  });

  it('streams uploads to dataDir/uploads with the token, from the page origin only, within the size limit', async () => {
    const body = Buffer.from('a,b\n1,2\n');
    const origin = `http://127.0.0.1:${host.port}`;
    const token = { 'x-fairbound-token': host.token };
    expect(
      (await http(host.port, '/api/upload?name=x.csv', { method: 'POST', body, headers: { origin } })).status,
    ).toBe(403);
    // A no-cors POST from a page on another local port: it cannot set the header and carries its own Origin.
    expect(
      (
        await http(host.port, '/api/upload?name=x.csv', {
          method: 'POST',
          body,
          headers: { origin: 'http://127.0.0.1:9', 'content-type': 'text/plain' },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await http(host.port, '/api/upload?name=x.csv', {
          method: 'POST',
          body,
          headers: { ...token, origin: 'http://127.0.0.1:9' },
        })
      ).status,
    ).toBe(403);
    expect((await http(host.port, '/api/upload?name=x.csv', { method: 'POST', body, headers: token })).status).toBe(
      403,
    );
    expect(existsSync(path.join(host.host.services.dataDir, 'uploads'))).toBe(false);

    const ok = await http(host.port, '/api/upload?name=../../evil.csv', {
      method: 'POST',
      body,
      headers: { ...token, origin },
    });
    const { data } = JSON.parse(ok.body) as { data: { uploadId: string; name: string; bytes: number } };
    expect(data).toMatchObject({ name: 'evil.csv', bytes: body.length });
    const resolved = await host.host.services.resolveUpload(data.uploadId);
    expect(resolved.path).toBe(path.join(host.host.services.dataDir, 'uploads', data.uploadId, 'evil.csv'));
    expect(await readFile(resolved.path, 'utf8')).toBe('a,b\n1,2\n');

    const big = await http(host.port, '/api/upload?name=big.csv', {
      method: 'POST',
      body: Buffer.alloc(2048),
      headers: { ...token, origin },
    });
    expect(big.status).toBe(413);
    await expect(host.host.services.resolveUpload('no-such-upload')).rejects.toThrow(/No upload/);
  });

  it('tells a page that lost its connection whether its token is still good', async () => {
    expect((await http(host.port, '/api/ping', { headers: { 'x-fairbound-token': host.token } })).status).toBe(200);
    expect((await http(host.port, '/api/ping', { headers: { 'x-fairbound-token': 'old' } })).status).toBe(403);
  });
});

describe('headless host identity across restarts', () => {
  it('keeps the token and port of a data folder, so a bookmarked URL keeps working; --new-token replaces the token', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'fairbound-identity-'));
    const rendererDir = path.join(root, 'renderer');
    mkdirSync(rendererDir);
    writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html>');
    const options = { dataDir: path.join(root, 'data'), rendererDir, log: quiet };
    const first = await startHost(options);
    await first.close();
    const second = await startHost(options);
    expect(second.url).toBe(first.url);
    expect((await http(second.port, `/?token=${first.token}`)).status).toBe(200);
    expect(statSync(path.join(root, 'data', 'host.json')).mode & 0o777).toBe(0o600);
    await second.close();
    const third = await startHost({ ...options, newToken: true });
    expect(third.token).not.toBe(first.token);
    expect((await http(third.port, `/?token=${first.token}`)).status).toBe(403);
    await third.close();
    // Another program took the port meanwhile: a free one, same token.
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(third.port, '127.0.0.1', () => resolve()));
    const fourth = await startHost(options);
    expect(fourth.port).not.toBe(third.port);
    expect(fourth.token).toBe(third.token);
    await fourth.close();
    squatter.close();
  });

  it('refuses to start on a checkout whose renderer is not built, naming the command that builds it', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'fairbound-unbuilt-'));
    await expect(
      startHost({ dataDir: path.join(root, 'data'), rendererDir: path.join(root, 'nothing'), log: quiet }),
    ).rejects.toThrow(/renderer is not built .*npm run build:renderer/);
  });
});
