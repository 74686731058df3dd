import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { FairboundError } from '../../shared/errors.js';
import type { Dispatch } from '../core/ipc/dispatcher.js';
import type { EventHub } from '../core/ipc/event-hub.js';
import type { Logger } from '../core/log/logger.js';
import { receiveUpload } from '../core/uploads/upload-store.js';
import { contentSecurityPolicy } from '../../shared/csp.js';
import { resolveInside } from '../core/paths/resolve-inside.js';
import { sendStatic } from './static-files.js';
import { isAuthorised, isSameOrigin } from './token.js';
import { createWsTransport } from './ws-transport.js';

export interface HttpHostOptions {
  dispatch: Dispatch;
  events: EventHub;
  log: Logger;
  token: string;
  /** Built renderer (dist/renderer). */
  rendererDir: string;
  dataDir: string;
  uploadLimitBytes: number;
  /** Bound to loopback: then the Host header must name loopback too (DNS-rebinding guard). */
  loopbackOnly: boolean;
}

const LOOPBACK_HOST = /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/;
const SAFE_HOST = /^[A-Za-z0-9.[\]:-]+$/;

function baseHeaders(hostHeader: string): Record<string, string> {
  const wsOrigin = SAFE_HOST.test(hostHeader) ? `ws://${hostHeader}` : undefined;
  return {
    'content-security-policy': contentSecurityPolicy(wsOrigin),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'x-frame-options': 'DENY',
  };
}

function sendText(response: ServerResponse, status: number, text: string, headers: Record<string, string>): void {
  response.writeHead(status, { ...headers, 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  response.end(text);
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  response.writeHead(status, { ...headers, 'content-type': 'application/json', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}

const TOKEN_MISSING = 'Fairbound: open the full URL printed at start-up (it carries the access token).';

/**
 * Only origin-form targets ("/path?query"): "//x" would parse as a host and "http://x/" as a proxy request.
 * null when the target is not one.
 */
function parseTarget(target: string | undefined): URL | null {
  if (target === undefined || !target.startsWith('/') || target.startsWith('//')) return null;
  try {
    return new URL(`http://host.invalid${target}`);
  } catch {
    return null;
  }
}

/** The headless host's HTTP side: renderer files, the upload endpoint and the WebSocket upgrade, all token-guarded. */
export function createHttpHost(options: HttpHostOptions): { server: Server; closeTransports(): void } {
  const ws = createWsTransport(options.dispatch, options.events, options.log);

  const hostAllowed = (request: IncomingMessage): boolean =>
    !options.loopbackOnly || LOOPBACK_HOST.test(request.headers.host ?? '');

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const headers = baseHeaders(request.headers.host ?? '');
    const url = parseTarget(request.url);
    if (url === null) return sendText(response, 400, 'Bad request target.', headers);
    if (!hostAllowed(request)) return sendText(response, 403, 'Forbidden host.', headers);

    if (url.pathname === '/api/upload') {
      if (request.method !== 'POST') return sendText(response, 405, 'Use POST.', headers);
      if (!isSameOrigin(request))
        return sendText(response, 403, 'Uploads are accepted only from the Fairbound page itself.', headers);
      if (!isAuthorised(request, url, options.token, 'header-or-subprotocol'))
        return sendText(response, 403, TOKEN_MISSING, headers);
      const declared = Number(request.headers['content-length'] ?? 'NaN');
      if (Number.isFinite(declared) && declared > options.uploadLimitBytes) {
        request.resume();
        return sendJson(
          response,
          413,
          {
            ok: false,
            error: { code: 'io-error', message: `Upload exceeds the limit of ${options.uploadLimitBytes} bytes.` },
          },
          headers,
        );
      }
      try {
        const data = await receiveUpload(
          options.dataDir,
          url.searchParams.get('name') ?? 'upload',
          request,
          options.uploadLimitBytes,
        );
        return sendJson(response, 200, { ok: true, data }, headers);
      } catch (error) {
        const payload =
          error instanceof FairboundError ? error.toPayload() : { code: 'io-error', message: 'Upload failed.' };
        if (!(error instanceof FairboundError)) options.log.log('warn', 'Upload failed', { error });
        return sendJson(response, error instanceof FairboundError ? 413 : 500, { ok: false, error: payload }, headers);
      }
    }

    // Lets a page whose connection dropped tell "host stopped" (no answer) from "host restarted with a new token" (403).
    if (url.pathname === '/api/ping') {
      const ok = isAuthorised(request, url, options.token, 'header-or-subprotocol');
      return sendText(response, ok ? 200 : 403, ok ? 'ok' : TOKEN_MISSING, headers);
    }

    if (request.method !== 'GET' && request.method !== 'HEAD')
      return sendText(response, 405, 'Method not allowed.', headers);
    const isIndex = url.pathname === '/' || url.pathname === '/index.html';
    // The page needs the token in its address; the built script and style files are public code and carry no data.
    if (isIndex && !isAuthorised(request, url, options.token, 'query'))
      return sendText(response, 403, TOKEN_MISSING, headers);
    const file = isIndex
      ? path.join(options.rendererDir, 'index.html')
      : resolveInside(options.rendererDir, url.pathname);
    if (file === null) return sendText(response, 404, 'Not found.', headers);
    const sent = await sendStatic(response, file, { ...headers, 'cache-control': isIndex ? 'no-store' : 'no-cache' });
    if (sent) return;
    if (isIndex) return sendText(response, 503, 'The renderer is not built: run `npm run build:renderer`.', headers);
    return sendText(response, 404, 'Not found.', headers);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      options.log.log('error', 'HTTP request failed', { error, path: parseTarget(request.url)?.pathname });
      if (!response.headersSent) sendText(response, 500, 'Internal error.', baseHeaders(''));
      else response.destroy();
    });
  });

  // Errors of the listening socket itself (e.g. EMFILE while accepting) concern the connection being accepted.
  server.on('error', (error) => options.log.log('error', 'HTTP server error', { error }));

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Until ws takes the socket over, a client reset must end this socket, not the process.
    socket.on('error', () => socket.destroy());
    const url = parseTarget(request.url);
    if (
      url?.pathname !== '/ws' ||
      !hostAllowed(request) ||
      !isSameOrigin(request) ||
      !isAuthorised(request, url, options.token, 'header-or-subprotocol')
    ) {
      options.log.log('warn', 'Rejected WebSocket connection', { path: url?.pathname, origin: request.headers.origin });
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    ws.server.handleUpgrade(request, socket, head, (client) => ws.server.emit('connection', client, request));
  });

  return { server, closeTransports: () => ws.close() };
}
