import type { Result } from '../../../shared/errors';
import type { FileSource } from '../../../shared/ipc/file-source';
import { transportError, type Transport } from './transport';

interface Pending {
  resolve(result: Result<unknown>): void;
}

const RECONNECT_MS = 1000;
const TOKEN_HEADER = 'x-fairbound-token';
/** Must match main/host/token.ts: the token travels as a subprotocol, since a page cannot set WebSocket headers. */
const WS_PROTOCOL = 'fairbound';
const WS_TOKEN_PREFIX = 'fairbound-token.';

/** Why the host cannot be reached, in words that say what to do: stopped, or restarted with another token. */
async function unreachableMessage(token: string): Promise<string> {
  try {
    const response = await fetch('/api/ping', { headers: { [TOKEN_HEADER]: token }, cache: 'no-store' });
    if (response.status === 403) {
      return 'The Fairbound app was restarted with a new access token, so this tab can no longer connect. Open the address it printed at start-up.';
    }
    return 'The connection to the Fairbound app was interrupted. Try again in a moment.';
  } catch {
    return 'The Fairbound app is not running: it was stopped or is restarting. Start it again (`npm run serve`) on the same data folder, then reload this page: its address stays valid.';
  }
}

/**
 * The headless host: requests {id, channel, payload} → {id, result} over one WebSocket, events {event, payload}
 * pushed; uploads over HTTP POST. Reconnects after a drop; requests in flight then fail with a clear error.
 */
export function websocketTransport(location: Location): Transport {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const wsUrl = `${scheme}://${location.host}/ws`;
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let nextId = 1;
  let socket: WebSocket | null = null;
  let opened: Promise<WebSocket> | null = null;
  /** The socket closed after being open once: the next open is a reconnection, and the views reload their data. */
  let dropped = false;
  const reconnectListeners = new Set<() => void>();

  function connect(): Promise<WebSocket> {
    if (opened !== null) return opened;
    opened = new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(wsUrl, [WS_PROTOCOL, `${WS_TOKEN_PREFIX}${token}`]);
      ws.addEventListener('open', () => {
        socket = ws;
        resolve(ws);
        if (dropped) {
          dropped = false;
          for (const listener of reconnectListeners) listener();
        }
      });
      ws.addEventListener('message', (message) => receive(String(message.data)));
      ws.addEventListener('close', () => {
        if (socket === ws) dropped = true;
        socket = null;
        opened = null;
        for (const [id, request] of pending) {
          pending.delete(id);
          request.resolve(
            transportError(
              'The connection to the Fairbound app was lost (it was stopped or restarted). Try again once it is running.',
            ),
          );
        }
        reject(new Error('closed'));
        // Keep event subscriptions alive across a host restart.
        if (listeners.size > 0 || reconnectListeners.size > 0)
          setTimeout(() => void connect().catch(() => undefined), RECONNECT_MS);
      });
    });
    return opened;
  }

  function receive(text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (typeof message !== 'object' || message === null) return;
    if ('event' in message && typeof message.event === 'string') {
      const payload = 'payload' in message ? message.payload : undefined;
      for (const listener of listeners.get(message.event) ?? []) listener(payload);
      return;
    }
    if ('id' in message && typeof message.id === 'number' && 'result' in message) {
      const request = pending.get(message.id);
      pending.delete(message.id);
      request?.resolve(message.result as Result<unknown>);
    }
  }

  function upload(file: File, onProgress?: (fraction: number) => void): Promise<Result<FileSource>> {
    return new Promise((resolve) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', `/api/upload?name=${encodeURIComponent(file.name)}`);
      xhr.setRequestHeader(TOKEN_HEADER, token);
      xhr.setRequestHeader('content-type', 'application/octet-stream');
      xhr.upload.addEventListener('progress', (event) => {
        if (event.lengthComputable && onProgress !== undefined) onProgress(event.loaded / event.total);
      });
      xhr.addEventListener('load', () => {
        try {
          const body = JSON.parse(xhr.responseText) as Result<{ uploadId: string }>;
          resolve(body.ok ? { ok: true, data: { kind: 'upload', uploadId: body.data.uploadId } } : body);
        } catch {
          resolve(transportError(`Upload failed (HTTP ${xhr.status}).`));
        }
      });
      xhr.addEventListener('error', () => resolve(transportError('Upload failed: the host could not be reached.')));
      xhr.send(file);
    });
  }

  return {
    kind: 'http',
    async invoke(channel, payload) {
      let ws: WebSocket;
      try {
        ws = socket ?? (await connect());
      } catch {
        return transportError(await unreachableMessage(token));
      }
      const id = nextId++;
      return new Promise<Result<unknown>>((resolve) => {
        pending.set(id, { resolve });
        ws.send(JSON.stringify({ id, channel, payload }));
      });
    },
    on(event, listener) {
      let set = listeners.get(event);
      if (set === undefined) {
        set = new Set();
        listeners.set(event, set);
      }
      set.add(listener);
      void connect().catch(() => undefined);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(event);
      };
    },
    importFile: upload,
    onReconnect(listener) {
      reconnectListeners.add(listener);
      void connect().catch(() => undefined);
      return () => reconnectListeners.delete(listener);
    },
  };
}
