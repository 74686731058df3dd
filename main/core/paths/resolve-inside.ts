import path from 'node:path';

/** Resolves a URL path inside root (renderer build), or null when it would escape it or is malformed. */
export function resolveInside(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const target = path.resolve(root, `.${path.posix.normalize(`/${decoded.replaceAll('\\', '/')}`)}`);
  return target === root || target.startsWith(`${root}${path.sep}`) ? target : null;
}
