import type { Result } from '../../../shared/errors';
import type { Channel, EventName, EventPayload, RequestOf, ResponseOf } from '../../../shared/ipc/contract';
import type { FileSource } from '../../../shared/ipc/file-source';
import type { Transport } from './transport';

/** The renderer's only way to reach main; the same on both transports. State modules receive one (tests: a fake). */
export interface ApiClient {
  readonly transport: 'electron' | 'http';
  invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<Result<ResponseOf<C>>>;
  on<E extends EventName>(event: E, handler: (payload: EventPayload<E>) => void): () => void;
  /**
   * Turns a picked or dropped File into a source for an import channel: {kind:'upload', uploadId} after an HTTP
   * upload (headless; onProgress gets 0..1), or {kind:'path', path} in the shell (no copy).
   */
  importFile(file: File, onProgress?: (fraction: number) => void): Promise<Result<FileSource>>;
  /** `handler` runs whenever the connection to a restarted host comes back (headless only); returns the unsubscribe. */
  onReconnect(handler: () => void): () => void;
}

export function createApi(transport: Transport): ApiClient {
  return {
    transport: transport.kind,
    invoke: (channel, request) => transport.invoke(channel, request) as Promise<Result<ResponseOf<typeof channel>>>,
    on: (event, handler) => transport.on(event, (payload) => handler(payload as EventPayload<typeof event>)),
    importFile: (file, onProgress) => transport.importFile(file, onProgress),
    onReconnect: (handler) => transport.onReconnect(handler),
  };
}
