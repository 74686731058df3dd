import type { Result } from '../errors.js';

/** What the Electron preload exposes as window.fairbound (frozen; generated from the contract's channel list). */
export interface FairboundBridge {
  invoke(channel: string, payload: unknown): Promise<Result<unknown>>;
  /** Returns the unsubscribe function. */
  on(event: string, listener: (payload: unknown) => void): () => void;
  /** Absolute path of a dropped or picked file (Electron's webUtils.getPathForFile); '' when it has none. */
  pathForFile(file: File): string;
}
