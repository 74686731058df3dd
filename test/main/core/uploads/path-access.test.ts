import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { allowListedFolders, grantList } from '../../../../main/core/uploads/path-access.js';
import { FairboundError } from '../../../../shared/errors.js';

let root: string;
let allowed: string;
let outside: string;

async function code(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'ok',
    (error: unknown) => (error instanceof FairboundError ? error.code : String(error)),
  );
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'fairbound-access-'));
  allowed = path.join(root, 'allowed');
  outside = path.join(root, 'outside');
  await mkdir(allowed);
  await mkdir(outside);
  await writeFile(path.join(allowed, 'a.csv'), 'x');
  await writeFile(path.join(outside, 'secret.csv'), 'x');
  // A link inside the allowed folder pointing out of it is judged by where it points.
  await symlink(path.join(outside, 'secret.csv'), path.join(allowed, 'link.csv'));
});

describe('headless: allow-listed folders', () => {
  it('reads inside the folders only, following links and refusing ".." tricks', async () => {
    const access = allowListedFolders([allowed]);
    expect(await access.check(path.join(allowed, 'a.csv'))).toBe(path.join(allowed, 'a.csv'));
    expect(await code(access.check(path.join(outside, 'secret.csv')))).toBe('forbidden');
    expect(await code(access.check(path.join(allowed, '..', 'outside', 'secret.csv')))).toBe('forbidden');
    expect(await code(access.check(path.join(allowed, 'link.csv')))).toBe('forbidden');
    expect(await code(access.check(allowed))).toBe('forbidden');
    expect(await code(access.check('/etc/passwd'))).toBe('forbidden');
  });

  it('with no folder, says that files come in by upload', async () => {
    const error = await allowListedFolders([])
      .check(path.join(allowed, 'a.csv'))
      .catch((e: unknown) => e);
    expect((error as FairboundError).message).toMatch(/reads uploaded files only.*--allow-dir/);
  });
});

describe('shell: grant list', () => {
  it('reads what was granted, and beside a granted config when asked; nothing else', async () => {
    const access = grantList();
    expect(await code(access.check(path.join(allowed, 'a.csv')))).toBe('forbidden');
    access.grant(path.join(allowed, 'a.csv'));
    expect(await code(access.check(path.join(allowed, 'a.csv')))).toBe('ok');
    expect(await code(access.check(path.join(outside, 'secret.csv')))).toBe('forbidden');
    expect(await code(access.check(path.join(outside, 'secret.csv'), { alsoUnder: outside }))).toBe('ok');
  });
});
