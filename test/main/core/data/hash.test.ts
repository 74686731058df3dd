import { createHash, randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { hashFile } from '../../../../main/core/data/hash.js';
import { tempDir } from './helpers.js';

const tmp = await tempDir();
afterAll(() => tmp.remove());

describe('hashFile', () => {
  // The read buffer is the file's size up to 8 MiB: sizes around those edges, and an empty file.
  for (const size of [0, 1, 1_000, (8 << 20) - 1, 8 << 20, (8 << 20) + 1, (17 << 20) + 3])
    it(`gives the SHA-256 of a ${size.toLocaleString('en')}-byte file`, async () => {
      const content = randomBytes(size);
      const file = await tmp.write(`f-${size}.bin`, content);
      let reported = 0;
      const digest = await hashFile(file, { onBytes: (n) => (reported = n) });
      expect(digest).toBe(createHash('sha256').update(content).digest('hex'));
      expect(reported).toBe(size);
    });
});
