import { spawn } from 'node:child_process';
import { existsSync, readFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { composeHost, type ComposedHost } from '../core/compose.js';
import { createLogger, type Logger } from '../core/log/logger.js';
import { defaultDataDir } from '../core/settings/data-dir.js';
import { claimDataDir } from '../core/projects/data-dir-claim.js';
import { allowListedFolders } from '../core/uploads/path-access.js';
import { pruneUploads } from '../core/uploads/upload-store.js';
import { createHttpHost } from './http-server.js';
import { FairboundError } from '../../shared/errors.js';
import { loadIdentity, saveIdentity } from './host-identity.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const DEFAULT_UPLOAD_LIMIT_BYTES = 8 * 1024 ** 3;
const UPLOAD_MAX_AGE_MS = 7 * 24 * 3_600_000;
const PARTIAL_UPLOAD_MAX_AGE_MS = 15 * 60_000;

export interface StartHostOptions {
  dataDir: string;
  /** 0 picks a free port; default: the port this data folder's host used last, else a free one. */
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
  /** Fixed token (tests); default the data folder's own, kept across restarts (see host-identity.ts). */
  token?: string;
  /** Replace the data folder's token: every URL handed out before stops working. */
  newToken?: boolean;
  /**
   * Folders whose files a request may name by path (dataset and config imports); default $FAIRBOUND_ALLOW_DIRS
   * (separated like PATH), else none: the browser then imports by upload only.
   */
  allowDirs?: string[];
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
  child.on('error', (error) =>
    log.log('warn', 'Could not open a browser; open the URL by hand', { error: error.message }),
  );
  child.unref();
}

/** Starts the headless host: the same handlers as the shell, behind a local HTTP + WebSocket server. */
export async function startHost(options: StartHostOptions): Promise<RunningHost> {
  const dataDir = path.resolve(options.dataDir);
  const rendererDir = path.resolve(options.rendererDir ?? path.join(repoRoot, 'dist', 'renderer'));
  if (!existsSync(path.join(rendererDir, 'index.html'))) {
    throw new FairboundError(
      'not-found',
      `The renderer is not built (${path.join(rendererDir, 'index.html')} is missing): run \`npm run build:renderer\`, or start with \`npm run serve\`, which builds it.`,
    );
  }
  mkdirSync(dataDir, { recursive: true });
  const log = options.log ?? createLogger({ dir: path.join(dataDir, 'logs'), quiet: true });
  const resourcesDir = options.resourcesDir ?? path.join(repoRoot, 'resources');
  const allowDirs =
    options.allowDirs ?? (process.env['FAIRBOUND_ALLOW_DIRS'] ?? '').split(path.delimiter).filter((dir) => dir !== '');
  const composed = composeHost({
    dataDir,
    resourcesDir,
    transport: 'http',
    appVersion: appVersion(),
    log,
    pathAccess: allowListedFolders(allowDirs),
  });
  // Nothing of this launch is uploading yet; a half-finished upload is a leftover unless another live host owns the folder.
  const owned = await claimDataDir(dataDir);
  await pruneUploads(dataDir, UPLOAD_MAX_AGE_MS, owned ? -1 : PARTIAL_UPLOAD_MAX_AGE_MS).then(
    (removed) => removed.length > 0 && log.log('info', 'Removed old uploads', { removed }),
    (error: unknown) => log.log('warn', 'Could not prune old uploads', { error }),
  );
  const identity = await loadIdentity(dataDir, { newToken: options.newToken === true });
  const token = options.token ?? identity.token;
  const bindHost = options.host ?? '127.0.0.1';
  const http = createHttpHost({
    dispatch: composed.dispatch,
    events: composed.events,
    log,
    token,
    rendererDir,
    dataDir,
    uploadLimitBytes: options.uploadLimitBytes ?? DEFAULT_UPLOAD_LIMIT_BYTES,
    loopbackOnly: bindHost === '127.0.0.1' || bindHost === 'localhost' || bindHost === '::1',
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      http.server.once('error', onError);
      http.server.listen(port, bindHost, () => {
        http.server.off('error', onError);
        resolve();
      });
    });
  if (options.port === undefined && identity.port !== undefined) {
    // The remembered port keeps bookmarks working; when another program took it, any free port will do.
    await listen(identity.port).catch(async (error: unknown) => {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      log.log('warn', 'The last port is taken; using a free one', { port: identity.port });
      await listen(0);
    });
  } else {
    await listen(options.port ?? 0);
  }
  const address = http.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : (options.port ?? 0);
  if (options.token === undefined) await saveIdentity(dataDir, { token, port });

  if (options.sample === true && (await composed.services.projects.list()).length === 0) {
    await composed.dispatch(
      'projects:create',
      { name: 'ACSIncome (Oklahoma)', fromSample: true },
      { transport: 'http', senderId: 'startup' },
    );
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
      port: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      sample: { type: 'boolean', default: false },
      open: { type: 'boolean', default: false },
      'upload-limit-mb': { type: 'string' },
      'new-token': { type: 'boolean', default: false },
      'allow-dir': { type: 'string', multiple: true },
    },
  });
  const numbers = z
    .object({
      port: z.coerce.number().int().min(0).max(65535).optional(),
      limitMb: z.coerce.number().positive().optional(),
    })
    .safeParse({ port: values.port, limitMb: values['upload-limit-mb'] });
  if (!numbers.success) throw new Error(`invalid option: ${z.prettifyError(numbers.error)}`);
  const { port, limitMb } = numbers.data;
  const running = await startHost({
    dataDir: values['data-dir'] ?? defaultDataDir(),
    ...(port === undefined ? {} : { port }),
    host: values.host,
    newToken: values['new-token'],
    ...(values['allow-dir'] === undefined ? {} : { allowDirs: values['allow-dir'] }),
    sample: values.sample,
    open: values.open,
    uploadLimitBytes: limitMb === undefined ? undefined : limitMb * 1024 * 1024,
  });
  process.stdout.write(
    `Fairbound is running at ${running.url}\nData folder: ${running.host.services.dataDir}\nPress Ctrl+C to stop.\n`,
  );
  const stop = () => void running.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // Records a fatal error before Node ends the process; it must not keep a broken host alive.
  process.on('uncaughtExceptionMonitor', (error) =>
    running.host.services.log.log('error', 'Fatal uncaught exception', { error }),
  );
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    process.stderr.write(`Fairbound could not start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
