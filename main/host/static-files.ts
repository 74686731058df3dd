import { createReadStream, promises as fs } from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

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
export async function sendStatic(
  response: ServerResponse,
  file: string,
  headers: Record<string, string>,
): Promise<boolean> {
  const stat = await fs.stat(file).catch(() => null);
  if (stat === null || !stat.isFile()) return false;
  response.writeHead(200, {
    ...headers,
    'content-type': TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'content-length': String(stat.size),
  });
  // pipeline, not pipe: a file removed mid-read (a rebuild) or a client gone mid-send ends this response, not the process.
  pipeline(createReadStream(file), response).catch(() => response.destroy());
  return true;
}
