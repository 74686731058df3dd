import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_HEADER = 'x-fairbound-token';
/** The page's WebSocket offers `fairbound` plus `fairbound-token.<token>`: browsers cannot set headers on a WebSocket. */
export const WS_PROTOCOL = 'fairbound';
const WS_TOKEN_PREFIX = 'fairbound-token.';

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

export function isWellFormedToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{32}$/.test(token);
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function subprotocolToken(header: string | undefined): string | undefined {
  for (const protocol of (header ?? '').split(',')) {
    const trimmed = protocol.trim();
    if (trimmed.startsWith(WS_TOKEN_PREFIX)) return trimmed.slice(WS_TOKEN_PREFIX.length);
  }
  return undefined;
}

/**
 * Where a request may carry the token. Never a cookie: cookies are shared by every port on 127.0.0.1, so any other
 * local server could read or replay one. The page's own address (?token=) opens the page; everything that acts
 * (uploads, the WebSocket) carries it in a header or subprotocol that only the page's own script sets.
 */
export type TokenCarrier = 'query' | 'header-or-subprotocol';

export function requestToken(request: IncomingMessage, url: URL, carrier: TokenCarrier): string | undefined {
  if (carrier === 'query') return url.searchParams.get('token') ?? undefined;
  const header = request.headers[TOKEN_HEADER];
  if (typeof header === 'string') return header;
  return subprotocolToken(request.headers['sec-websocket-protocol']);
}

export function isAuthorised(request: IncomingMessage, url: URL, expected: string, carrier: TokenCarrier): boolean {
  const token = requestToken(request, url, carrier);
  return token !== undefined && sameToken(token, expected);
}

/** State-changing requests must come from the page itself: an Origin equal to the address the request was sent to. */
export function isSameOrigin(request: IncomingMessage): boolean {
  const origin = request.headers.origin;
  const host = request.headers.host;
  return typeof origin === 'string' && typeof host === 'string' && origin === `http://${host}`;
}
