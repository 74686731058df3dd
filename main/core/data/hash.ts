import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { cancelled } from './duckdb.js';
import { ioError } from './errors.js';

/** Bytes read at a time: large reads halve the time of 1 MiB stream chunks, and one buffer is reused. */
const READ_BYTES = 8 << 20;

/** SHA-256 of a file, read in pieces of up to 8 MiB into one buffer, so a 2 GB file never sits in JS memory. */
export async function hashFile(
  file: string,
  opts: { signal?: AbortSignal | undefined; onBytes?: ((bytesRead: number) => void) | undefined } = {},
): Promise<string> {
  if (opts.signal?.aborted) throw cancelled();
  const handle = await open(file, 'r').catch((e: unknown) => {
    throw ioError(e, file);
  });
  try {
    const hash = createHash('sha256');
    // A small file gets a buffer its size: 8 MiB of fresh memory per import costs a small file a garbage collection.
    const { size } = await handle.stat().catch((e: unknown) => {
      throw ioError(e, file);
    });
    const buffer = Buffer.allocUnsafe(Math.max(1, Math.min(READ_BYTES, size)));
    let read = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null).catch((e: unknown) => {
        throw ioError(e, file);
      });
      if (bytesRead === 0) break;
      if (opts.signal?.aborted) throw cancelled();
      hash.update(buffer.subarray(0, bytesRead));
      read += bytesRead;
      opts.onBytes?.(read);
    }
    return hash.digest('hex');
  } finally {
    await handle.close();
  }
}
