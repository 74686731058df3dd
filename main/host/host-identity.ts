import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../core/projects/atomic-write.js';
import { isWellFormedToken, newToken } from './token.js';

/**
 * The headless host's address for one data folder, kept across restarts so a bookmarked URL keeps working:
 * <dataDir>/host.json (owner-only) with the access token and the last port. Delete it, or start with a new
 * token, to invalidate every URL handed out before.
 */
const identitySchema = z.object({
  token: z.string().refine(isWellFormedToken),
  port: z.number().int().min(1).max(65535).optional(),
});
export type HostIdentity = z.infer<typeof identitySchema>;

export function identityFile(dataDir: string): string {
  return path.join(dataDir, 'host.json');
}

export async function loadIdentity(dataDir: string, options: { newToken?: boolean } = {}): Promise<HostIdentity> {
  if (options.newToken !== true) {
    const text = await fs.readFile(identityFile(dataDir), 'utf8').catch(() => null);
    if (text !== null) {
      try {
        const parsed = identitySchema.safeParse(JSON.parse(text));
        if (parsed.success) return parsed.data;
      } catch {
        // A damaged file only costs the old URL: a fresh identity replaces it.
      }
    }
  }
  return { token: newToken() };
}

export async function saveIdentity(dataDir: string, identity: HostIdentity): Promise<void> {
  await writeFileAtomic(identityFile(dataDir), `${JSON.stringify(identity)}\n`, { mode: 0o600 });
}
