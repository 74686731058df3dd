import type { FairboundBridge } from '../../../shared/ipc/bridge';
import { createApi, type ApiClient } from './api-client';
import { electronTransport } from './electron-transport';
import { websocketTransport } from './websocket-transport';

declare global {
  interface Window {
    fairbound?: FairboundBridge;
  }
}

/** Picked once at start-up: the preload's bridge in the shell, otherwise the headless host's WebSocket. */
export const api: ApiClient = createApi(
  window.fairbound === undefined ? websocketTransport(window.location) : electronTransport(window.fairbound),
);
