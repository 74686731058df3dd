import type { FairboundBridge } from '../../../shared/ipc/bridge';
import { transportError, type Transport } from './transport';

/** The shell: everything goes through the preload's frozen bridge. */
export function electronTransport(bridge: FairboundBridge): Transport {
  return {
    kind: 'electron',
    invoke: (channel, payload) => bridge.invoke(channel, payload),
    on: (event, listener) => bridge.on(event, listener),
    // The preload's channel lives as long as the window: nothing to reconnect.
    onReconnect: () => () => undefined,
    importFile(file) {
      const path = bridge.pathForFile(file);
      return Promise.resolve(
        path === ''
          ? transportError(`"${file.name}" has no location on disk; save it to a folder first.`, 'io-error')
          : { ok: true, data: { kind: 'path', path } },
      );
    },
  };
}
