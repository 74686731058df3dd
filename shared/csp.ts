/** The house CSP, shared by index.html checks, the app:// handler and the headless host (which adds its WebSocket origin). */
export function contentSecurityPolicy(webSocketOrigin?: string): string {
  const connect = webSocketOrigin === undefined ? "'self'" : `'self' ${webSocketOrigin}`;
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    `connect-src ${connect}`,
    "worker-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
