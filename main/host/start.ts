import { spawn } from 'node:child_process';
import { readFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { composeHost, type ComposedHost } from '../core/compose.js';
import { createLogger, type Logger } from '../core/log/logger.js';
import { defaultDataDir } from '../core/settings/data-dir.js';
import { pruneUploads } from '../core/uploads/upload-store.js';
import { createHttpHost } from './http-server.js';
import { newToken } from './token.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const DEFAULT_UPLOAD_LIMIT_BYTES = 8 * 1024 ** 3;
const UPLOAD_MAX_AGE_MS = 7 * 24 * 3_600_000;

export interface StartHostOptions {
  dataDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1; anything else exposes the app (still token-guarded) to the network. */
  host?: string;
  /** Open the URL in the default browser. */
  open?: boolean;
  /** Create a project from the bundled sample when there is none. */
  sample?: boolean;
  /** Defaults: dist/renderer and resources/ of this checkout. */
  rendererDir?: string;
  resourcesDir?: string;
  uploadLimitBytes?: number;
  /** Fixed token (tests); default a random one per launch. */
  token?: string;
  log?: Logger;
}

export interface RunningHost {
  /** http://HOST:PORT/?token=... — what the user opens. */
  url: string;
  token: string;
  port: number;
  host: ComposedHost;
  close(): Promise<void>;
}

function appVersion(): string {
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
}

function openInBrowser(url: string, log: Logger): void {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const child = spawn(command, [url], { detached: true, stdio: 'ignore' });
  child.on('error', (error) => log.log('warn', 'Could not open a browser; open the URL by hand', { error: error.message }));
  child.unref();
}

/** Starts the headless host: the same handlers as the shell, behind a local HTTP + WebSocket server. */
export async function startHost(options: StartHostOptions): Promise<RunningHost> {
  const dataDir = path.resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const log = options.log ?? createLogger({ dir: path.join(dataDir, 'logs'), quiet: true });
  const resourcesDir = options.resourcesDir ?? path.join(repoRoot, 'resources');
  const composed = composeHost({ dataDir, resourcesDir, transport: 'http', appVersion: appVersion(), log });
  await pruneUploads(dataDir, UPLOAD_MAX_AGE_MS).then(
    (removed) => removed.length > 0 && log.log('info', 'Removed old uploads', { removed }),
    (error: unknown) => log.log('warn', 'Could not prune old uploads', { error }),
  );
  const token = options.token ?? newToken();
  const bindHost = options.host ?? '127.0.0.1';
  const http = createHttpHost({
    dispatch: composed.dispatch,
    events: composed.events,
    log,
    token,
    rendererDir: path.resolve(options.rendererDir ?? path.join(repoRoot, 'dist', 'renderer')),
    dataDir,
    uploadLimitBytes: options.uploadLimitBytes ?? DEFAULT_UPLOAD_LIMIT_BYTES,
    loopbackOnly: bindHost === '127.0.0.1' || bindHost === 'localhost' || bindHost === '::1',
  });
  await new Promise<void>((resolve, reject) => {
    http.server.once('error', reject);
    http.server.listen(options.port ?? 0, bindHost, () => resolve());
  });
  const address = http.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : (options.port ?? 0);

  if (options.sample === true && (await composed.services.projects.list()).length === 0) {
    await composed.dispatch('projects:create', { name: 'ACSIncome (Oklahoma)', fromSample: true }, { transport: 'http', senderId: 'startup' });
  }
  const shownHost = bindHost.includes(':') ? `[${bindHost}]` : bindHost === '0.0.0.0' ? '127.0.0.1' : bindHost;
  const url = `http://${shownHost}:${port}/?token=${token}`;
  if (options.open === true) openInBrowser(url, log);
  log.log('info', 'Headless host started', { port, dataDir });

  return {
    url,
    token,
    port,
    host: composed,
    close: async () => {
      await new Promise<void>((resolve) => {
        http.closeTransports();
        http.server.close(() => resolve());
        http.server.closeAllConnections();
      });
      await composed.close();
    },
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      sample: { type: 'boolean', default: false },
      open: { type: 'boolean', default: false },
      'upload-limit-mb': { type: 'string' },
    },
  });
  const numbers = z
    .object({ port: z.coerce.number().int().min(0).max(65535), limitMb: z.coerce.number().positive().optional() })
    .safeParse({ port: values.port, limitMb: values['upload-limit-mb'] });
  if (!numbers.success) throw new Error(`invalid option: ${z.prettifyError(numbers.error)}`);
  const { port, limitMb } = numbers.data;
  const running = await startHost({
    dataDir: values['data-dir'] ?? defaultDataDir(),
    port,
    host: values.host,
    sample: values.sample,
    open: values.open,
    uploadLimitBytes: limitMb === undefined ? undefined : limitMb * 1024 * 1024,
  });
  process.stdout.write(`Fairbound is running at ${running.url}\nData folder: ${running.host.services.dataDir}\nPress Ctrl+C to stop.\n`);
  const stop = () => void running.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  process.on('uncaughtException', (error) => running.host.services.log.log('error', 'Uncaught exception', { error }));
  process.on('unhandledRejection', (error) => running.host.services.log.log('error', 'Unhandled rejection', { error }));
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    process.stderr.write(`Fairbound could not start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
