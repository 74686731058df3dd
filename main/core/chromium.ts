import { existsSync } from 'node:fs';

/** Debian's and Ubuntu's paths, and Chrome's, tried in order. */
export const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** Headless Chromium for printing and drawing: no sandbox (root in CI), no GPU, and nothing that reaches the network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/** The Chromium to use: an explicit path, else $FAIRBOUND_CHROMIUM, else the first installed candidate; null if none exists. */
export function findChromium(explicit?: string): string | null {
  return (
    [explicit, process.env['FAIRBOUND_CHROMIUM'], ...CHROMIUM_CANDIDATES].find(
      (p): p is string => !!p && existsSync(p),
    ) ?? null
  );
}
