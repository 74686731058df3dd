import type { Result } from '../errors.js';

/** What the Electron preload exposes as window.fairbound (frozen; generated from the contract's channel list). */
export interface FairboundBridge {
  invoke(channel: string, payload: unknown): Promise<Result<unknown>>;
  /** Returns the unsubscribe function. */
  on(event: string, listener: (payload: unknown) => void): () => void;
  /** Absolute path of a dropped or picked file (Electron's webUtils.getPathForFile); '' when it has none. */
  pathForFile(file: DroppedFile): string;
}

/** A DOM File as far as the bridge needs it (shared/ compiles without the DOM library; every File satisfies this). */
export interface DroppedFile {
  readonly name: string;
  readonly size: number;
}
