import { createReadStream, promises as fs } from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/** Sends a file from the renderer build; false when it does not exist. */
export async function sendStatic(response: ServerResponse, file: string, headers: Record<string, string>): Promise<boolean> {
  const stat = await fs.stat(file).catch(() => null);
  if (stat === null || !stat.isFile()) return false;
  response.writeHead(200, {
    ...headers,
    'content-type': TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'content-length': String(stat.size),
  });
  createReadStream(file).pipe(response);
  return true;
}
