import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { connectWs } from '../../e2e/harness.js';
import { spawnHostProcess, type HostProcess } from './fixtures/spawn-host.js';

let child: ChildProcess;
let port = 0;
let token = '';
let uncaughtListeners = -1;
let host: HostProcess;

beforeAll(async () => {
  host = await spawnHostProcess();
  ({ child, port, token, uncaughtListeners } = host);
}, 60_000);

afterAll(() => {
  child.kill('SIGKILL');
});

/** Sends one raw frame on its own connection; resolves with the close code the host chose. */
function sendBadFrame(send: (socket: WebSocket) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/ws`, ['fairbound', `fairbound-token.${token}`], {
      origin: `http://127.0.0.1:${port}`,
    });
    socket.on('open', () => send(socket));
    socket.on('close', (code) => resolve(code));
    socket.on('error', () => undefined);
    setTimeout(() => reject(new Error('the host did not close the connection')), 10_000);
  });
}

describe('headless host under malformed WebSocket frames', () => {
  it('installs no process-wide uncaught-exception handler', () => {
    expect(uncaughtListeners).toBe(0);
  });

  it('closes only the offending connection; the process and other clients carry on', async () => {
    const bystander = await connectWs({ port, token });
    // Invalid UTF-8 in a text frame: the probe's 7b ff fe 7d.
    expect(await sendBadFrame((socket) => socket.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false }))).toBe(
      1007,
    );
    // Larger than the 16 MiB message limit.
    expect(await sendBadFrame((socket) => socket.send(Buffer.alloc(17 * 1024 * 1024, 0x20), { binary: false }))).toBe(
      1009,
    );
    // A reserved opcode, written past the client library.
    expect(
      await sendBadFrame((socket) =>
        (socket as unknown as { _socket: NodeJS.WritableStream })._socket.write(Buffer.from([0x83, 0x80, 0, 0, 0, 0])),
      ),
    ).toBe(1002);
    expect(child.exitCode, host.output()).toBeNull();
    expect(await bystander.invoke('app:info', {})).toMatchObject({ ok: true });
    const late = await connectWs({ port, token });
    expect(await late.invoke('app:info', {})).toMatchObject({ ok: true });
    late.close();
    bystander.close();
  }, 60_000);
});
