import path from 'node:path';
import { numberOption, stringOption, flag } from '../args.js';
import type { Command } from '../command.js';
import { EXIT } from '../exit-codes.js';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Run the app headless: a local web server for the browser UI (Ctrl-C stops it).',
  usage: 'serve [--port N] [--host ADDR] [--data-dir DIR] [--sample] [--open] [--new-token] [--allow-dir DIR]',
  details: `
Starts the same handlers as the desktop app behind a local HTTP + WebSocket server and prints the URL to open
(it carries the data folder's access token, kept across restarts with the port so a bookmark keeps working).
The renderer must be built first (npm run build:renderer); serve refuses to start without it.

Options:
  --port N        port to listen on (default: the one this data folder used last, else a free one; 0: a free one)
  --host ADDR     address to bind (default 127.0.0.1; anything else exposes the app to the network, token-guarded)
  --data-dir DIR  where projects live (default $FAIRBOUND_DATA_DIR or the platform's user-data folder)
  --sample        create a project from the bundled ACSIncome (Oklahoma) data when there is none
  --open          open the URL in the default browser
  --new-token     issue a new access token: every URL handed out before stops working
  --allow-dir DIR folder whose files the app may import by path (several separated like PATH; default
                  $FAIRBOUND_ALLOW_DIRS, else none: files then come in by browser upload only)

With --json, prints {"url", "port", "dataDir"} once listening.`,
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    'data-dir': { type: 'string' },
    sample: { type: 'boolean' },
    open: { type: 'boolean' },
    'new-token': { type: 'boolean' },
    'allow-dir': { type: 'string' },
  },
  positionals: [0, 0],
  async run(ctx, args) {
    // Loaded on use: the host pulls in every domain, which other commands do not need.
    const { startHost } = await import('../../host/start.js');
    const { defaultDataDir } = await import('../../core/settings/data-dir.js');
    const host = stringOption(args, 'host');
    const port = numberOption(args, 'port', { integer: true, min: 0, max: 65535 });
    const allowDir = stringOption(args, 'allow-dir');
    const running = await startHost({
      dataDir: stringOption(args, 'data-dir') ?? defaultDataDir(),
      ...(port === undefined ? {} : { port }),
      ...(host === undefined ? {} : { host }),
      sample: flag(args, 'sample'),
      open: flag(args, 'open'),
      newToken: flag(args, 'new-token'),
      ...(allowDir === undefined ? {} : { allowDirs: allowDir.split(path.delimiter).filter((dir) => dir !== '') }),
    });
    const dataDir = running.host.services.dataDir;
    ctx.emit(
      { url: running.url, port: running.port, dataDir },
      `Fairbound is running at ${running.url}\nData folder: ${dataDir}\nPress Ctrl+C to stop.`,
    );
    await new Promise<void>((resolve) => {
      if (ctx.signal.aborted) resolve();
      ctx.signal.addEventListener('abort', () => resolve(), { once: true });
      process.once('SIGTERM', () => resolve());
    });
    await running.close();
    // Stopping a server on request is its normal end, not a cancelled command.
    return EXIT.ok;
  },
};
