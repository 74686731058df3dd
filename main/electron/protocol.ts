import { net, protocol } from 'electron';
import { stat } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { contentSecurityPolicy } from '../../shared/csp.js';
import { resolveInside } from '../core/paths/resolve-inside.js';

/** Must run before app 'ready': app:// behaves like a secure standard origin (fetch, storage, CSP 'self'). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

/** Serves the renderer build, and nothing outside it, with the CSP repeated as a header. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle('app', async (request) => {
    const url = new URL(request.url);
    const file =
      url.host === 'fairbound' ? resolveInside(rendererDir, url.pathname === '/' ? '/index.html' : url.pathname) : null;
    const isFile =
      file !== null &&
      (await stat(file).then(
        (s) => s.isFile(),
        () => false,
      ));
    if (file === null || !isFile) return new Response('Not found', { status: 404 });
    const upstream = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(upstream.headers);
    headers.set('Content-Security-Policy', contentSecurityPolicy());
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(upstream.body, { status: upstream.status, headers });
  });
}
