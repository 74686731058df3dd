import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { cancelled } from './duckdb.js';
import { ioError } from './errors.js';

/** SHA-256 of a file, streamed in 1 MiB chunks so a 2 GB file never sits in JS memory. */
export function hashFile(
  file: string,
  opts: { signal?: AbortSignal | undefined; onBytes?: ((bytesRead: number) => void) | undefined } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) return reject(cancelled());
    const hash = createHash('sha256');
    const stream = createReadStream(file, { highWaterMark: 1 << 20 });
    let read = 0;
    const onAbort = () => {
      stream.destroy();
      reject(cancelled());
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    stream.on('data', (chunk) => {
      hash.update(chunk);
      read += chunk.length;
      opts.onBytes?.(read);
    });
    stream.on('error', (e) => {
      opts.signal?.removeEventListener('abort', onAbort);
      reject(ioError(e, file));
    });
    stream.on('end', () => {
      opts.signal?.removeEventListener('abort', onAbort);
      resolve(hash.digest('hex'));
    });
  });
}
