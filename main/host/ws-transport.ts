import { randomUUID } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import type { Result } from '../../shared/errors.js';
import type { Dispatch } from '../core/ipc/dispatcher.js';
import type { EventHub } from '../core/ipc/event-hub.js';
import type { Logger } from '../core/log/logger.js';
import { WS_PROTOCOL } from './token.js';

export const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

/** Wire format: renderer → host {id, channel, payload}; host → renderer {id, result} or {event, payload}. */
export const wsRequestSchema = z.strictObject({
  id: z.union([z.string().max(100), z.number().int()]),
  channel: z.string().max(200),
  payload: z.unknown(),
});

export interface WsReply {
  id: string | number | null;
  result: Result<unknown>;
}

/** Carries the contract over WebSocket connections already authorised by the HTTP layer. */
export function createWsTransport(
  dispatch: Dispatch,
  events: EventHub,
  log: Logger,
): { server: WebSocketServer; close(): void } {
  const server = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    // The page offers [fairbound, fairbound-token.<token>]; answering with the first keeps the token out of the reply.
    handleProtocols: (protocols) => (protocols.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
  });
  server.on('error', (error) => log.log('error', 'WebSocket server error', { error }));
  const unsubscribe = events.subscribe((event, payload) => {
    const message = JSON.stringify({ event, payload });
    for (const client of server.clients) if (client.readyState === client.OPEN) client.send(message);
  });

  server.on('connection', (socket: WebSocket) => {
    const senderId = `ws-${randomUUID()}`;
    // ws reports a bad frame (invalid UTF-8, oversized, bad opcode) as 'error' after closing with 1007/1009/1002:
    // it concerns this connection only, and an unheard 'error' would end the process.
    socket.on('error', (error) =>
      log.log('warn', 'WebSocket connection closed on a protocol error', { error: error.message }),
    );
    socket.on('message', (data, isBinary) => {
      void (async () => {
        let reply: WsReply;
        let raw: unknown;
        try {
          raw = isBinary ? undefined : JSON.parse(data.toString());
        } catch {
          raw = undefined;
        }
        const envelope = wsRequestSchema.safeParse(raw);
        if (!envelope.success) {
          const id =
            typeof raw === 'object' &&
            raw !== null &&
            'id' in raw &&
            (typeof raw.id === 'string' || typeof raw.id === 'number')
              ? raw.id
              : null;
          reply = {
            id,
            result: {
              ok: false,
              error: { code: 'invalid-payload', message: 'Malformed message: expected {id, channel, payload}.' },
            },
          };
        } else {
          const result = await dispatch(envelope.data.channel, envelope.data.payload, { transport: 'http', senderId });
          reply = { id: envelope.data.id, result };
        }
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(reply));
      })().catch((error: unknown) => log.log('error', 'WebSocket reply failed', { error }));
    });
  });

  return {
    server,
    close() {
      unsubscribe();
      for (const client of server.clients) client.terminate();
      server.close();
    },
  };
}
