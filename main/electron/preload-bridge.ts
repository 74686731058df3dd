import type { Result } from '../../shared/errors.js';
import type { DroppedFile, FairboundBridge } from '../../shared/ipc/bridge.js';

/** The parts of ipcRenderer / webUtils the bridge uses; tests pass fakes. */
export interface IpcRendererLike {
  invoke(channel: string, payload: unknown): Promise<unknown>;
  send(channel: string, payload: unknown): void;
  on(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
}

/**
 * Tells main which file the user picked or dropped: main reads by path only what was granted this way. Not exposed
 * to the page: only this preload, holding a real File from a picker or a drop, can send it.
 */
export const GRANT_PATH_CHANNEL = 'fairbound:grant-path';

export interface WebUtilsLike {
  getPathForFile(file: DroppedFile): string;
}

/**
 * Builds window.fairbound from the contract's channel and event lists: nothing else can be sent or heard,
 * an unknown name throws in the renderer, and the object is frozen.
 */
export function createBridge(
  ipc: IpcRendererLike,
  webUtils: WebUtilsLike,
  channels: readonly string[],
  eventNames: readonly string[],
): FairboundBridge {
  const allowedChannels = new Set(channels);
  const allowedEvents = new Set(eventNames);
  return Object.freeze({
    invoke(channel: string, payload: unknown): Promise<Result<unknown>> {
      if (!allowedChannels.has(channel)) throw new Error(`Unknown channel "${channel}"`);
      return ipc.invoke(channel, payload) as Promise<Result<unknown>>;
    },
    on(event: string, listener: (payload: unknown) => void): () => void {
      if (!allowedEvents.has(event)) throw new Error(`Unknown event "${event}"`);
      const wrapped = (_event: unknown, payload: unknown) => listener(payload);
      ipc.on(event, wrapped);
      return () => {
        ipc.removeListener(event, wrapped);
      };
    },
    pathForFile(file: DroppedFile): string {
      const path = webUtils.getPathForFile(file);
      if (path !== '') ipc.send(GRANT_PATH_CHANNEL, path);
      return path;
    },
  });
}
