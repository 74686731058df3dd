import { mkdtempSync } from 'node:fs';
import { mkdir, readdir, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  pruneUploads,
  receiveUpload,
  resolveUpload,
  safeFileName,
  uploadsDir,
} from '../../../../main/core/uploads/upload-store.js';

const tempDir = () => mkdtempSync(path.join(os.tmpdir(), 'fairbound-uploads-'));

describe('upload store', () => {
  it('keeps only the base name, without control or reserved characters', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('C:\\data\\adult.csv')).toBe('adult.csv');
    expect(safeFileName('a\u0000b:c?.csv')).toBe('a_b_c_.csv');
    expect(safeFileName('..')).toBe('upload');
    expect(safeFileName('')).toBe('upload');
  });

  it('stores a streamed body and resolves it by id', async () => {
    const dataDir = tempDir();
    const stored = await receiveUpload(
      dataDir,
      'adult.csv',
      Readable.from([Buffer.from('a,b\n'), Buffer.from('1,2\n')]),
      1024,
    );
    expect(stored).toMatchObject({ name: 'adult.csv', bytes: 8 });
    expect(await resolveUpload(dataDir, stored.uploadId)).toEqual({
      name: 'adult.csv',
      path: path.join(uploadsDir(dataDir), stored.uploadId, 'adult.csv'),
    });
    await expect(resolveUpload(dataDir, '../x')).rejects.toThrow(/No upload/);
  });

  it('stops at the size limit and leaves nothing behind', async () => {
    const dataDir = tempDir();
    const body = Readable.from(Array.from({ length: 10 }, () => Buffer.alloc(100)));
    await expect(receiveUpload(dataDir, 'big.csv', body, 512)).rejects.toThrow(/exceeds the limit/);
    expect(await readdir(uploadsDir(dataDir))).toEqual([]);
  });

  it('prunes uploads older than the cut-off only', async () => {
    const dataDir = tempDir();
    for (const id of ['old', 'new']) {
      await mkdir(path.join(uploadsDir(dataDir), id), { recursive: true });
      await writeFile(path.join(uploadsDir(dataDir), id, 'f.csv'), 'x');
    }
    const old = new Date(Date.now() - 10 * 24 * 3_600_000);
    await utimes(path.join(uploadsDir(dataDir), 'old'), old, old);
    expect(await pruneUploads(dataDir, 7 * 24 * 3_600_000)).toEqual([path.join(uploadsDir(dataDir), 'old')]);
    expect(await readdir(uploadsDir(dataDir))).toEqual(['new']);
  });

  it('stores a dot-named upload under a name it can resolve, and drops invisible direction overrides', async () => {
    expect(safeFileName('.hidden.csv')).toBe('hidden.csv');
    expect(safeFileName('...')).toBe('upload');
    expect(safeFileName('report\u202Evsc.exe')).toBe('reportvsc.exe');
    expect(safeFileName('a\u2066b\u2069\u200F.csv')).toBe('ab.csv');
    const dataDir = tempDir();
    const stored = await receiveUpload(dataDir, '.adult.csv', Readable.from([Buffer.from('a,b\n1,2\n')]), 1024);
    expect(await resolveUpload(dataDir, stored.uploadId)).toMatchObject({ name: 'adult.csv' });
  });

  it('removes an upload the host was stopped in the middle of, once no live host can still be writing it', async () => {
    const dataDir = tempDir();
    await mkdir(path.join(uploadsDir(dataDir), 'partial'), { recursive: true });
    await writeFile(path.join(uploadsDir(dataDir), 'partial', '.f.csv.part'), 'x');
    await mkdir(path.join(uploadsDir(dataDir), 'complete'), { recursive: true });
    await writeFile(path.join(uploadsDir(dataDir), 'complete', 'f.csv'), 'x');
    expect(await pruneUploads(dataDir, 7 * 24 * 3_600_000)).toEqual([]);
    expect(await pruneUploads(dataDir, 7 * 24 * 3_600_000, -1)).toEqual([path.join(uploadsDir(dataDir), 'partial')]);
    expect(await readdir(uploadsDir(dataDir))).toEqual(['complete']);
  });
});
