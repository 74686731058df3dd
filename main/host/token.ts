import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_COOKIE = 'fairbound_token';
export const TOKEN_HEADER = 'x-fairbound-token';

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieToken(header: string | undefined): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === TOKEN_COOKIE) return rest.join('=');
  }
  return undefined;
}

/** The token may come as ?token=, as a header (uploads, scripts) or as the cookie set when the page was opened. */
export function requestToken(request: IncomingMessage, url: URL): { token: string | undefined; fromQuery: boolean } {
  const query = url.searchParams.get('token');
  if (query !== null) return { token: query, fromQuery: true };
  const header = request.headers[TOKEN_HEADER];
  if (typeof header === 'string') return { token: header, fromQuery: false };
  return { token: cookieToken(request.headers.cookie), fromQuery: false };
}

export function isAuthorised(request: IncomingMessage, url: URL, expected: string): boolean {
  const { token } = requestToken(request, url);
  return token !== undefined && sameToken(token, expected);
}
