import type { Result } from '../../../shared/errors';
import type { FileSource } from '../../../shared/ipc/file-source';

/** One implementation per transport; api.ts is the only user. */
export interface Transport {
  readonly kind: 'electron' | 'http';
  invoke(channel: string, payload: unknown): Promise<Result<unknown>>;
  on(event: string, listener: (payload: unknown) => void): () => void;
  /** Makes a File the user picked or dropped usable by main: an upload id (headless) or its path (shell). */
  importFile(file: File, onProgress?: (fraction: number) => void): Promise<Result<FileSource>>;
  /** Calls `listener` each time the connection to main comes back after a drop (a restarted host); never in the shell. */
  onReconnect(listener: () => void): () => void;
}

export function transportError(message: string, code: 'disconnected' | 'io-error' = 'disconnected'): Result<never> {
  return { ok: false, error: { code, message } };
}
