import { existsSync } from 'node:fs';
import { createServer, get } from 'node:http';
import { describe, expect, it } from 'vitest';
import { sendStatic } from '../../../main/host/static-files.js';

// /proc/self/mem passes stat's isFile() and fails on read (EIO at offset 0): a read error after the headers went out.
const FAILS_ON_READ = '/proc/self/mem';

describe('sendStatic', () => {
  it.runIf(existsSync(FAILS_ON_READ))(
    'a read error mid-response ends that response only, with no unheard stream error',
    async () => {
      const server = createServer((_request, response) => void sendStatic(response, FAILS_ON_READ, {}));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
      const port = (server.address() as { port: number }).port;
      const unheard: unknown[] = [];
      const onUncaught = (error: unknown) => unheard.push(error);
      // Replaces vitest's own listener for the length of this test, so an unheard error is counted, not thrown.
      const previous = process.listeners('uncaughtException');
      process.removeAllListeners('uncaughtException');
      process.on('uncaughtException', onUncaught);
      try {
        const outcome = await new Promise<string>((resolve) => {
          setTimeout(() => resolve('hung'), 5_000);
          get(`http://127.0.0.1:${port}/`, (res) => {
            res.resume();
            res.on('end', () => resolve('ended'));
            res.on('aborted', () => resolve('aborted'));
            res.on('error', () => resolve('aborted'));
          }).on('error', () => resolve('aborted'));
        });
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(outcome).toBe('aborted');
        expect(unheard).toEqual([]);
      } finally {
        process.off('uncaughtException', onUncaught);
        for (const listener of previous) process.on('uncaughtException', listener);
        server.close();
      }
    },
  );
});
