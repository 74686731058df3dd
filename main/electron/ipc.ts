import { ipcMain, type WebContents } from 'electron';
import { CHANNELS } from '../../shared/ipc/contract.js';
import type { Dispatch } from '../core/ipc/dispatcher.js';
import type { EventHub } from '../core/ipc/event-hub.js';
import type { Logger } from '../core/log/logger.js';
import { GRANT_PATH_CHANNEL } from './preload-bridge.js';
import { checkSender } from './sender-check.js';

/**
 * Mounts every contract channel on ipcMain behind the sender check, forwards events to our windows, and records the
 * files the preload reports as picked or dropped (the only paths main will read for the renderer).
 */
export function mountIpc(
  dispatch: Dispatch,
  events: EventHub,
  windows: () => WebContents[],
  log: Logger,
  grants: { grant(file: string): void },
): () => void {
  const trusted = () => new Set(windows().map((w) => w.id));
  ipcMain.on(GRANT_PATH_CHANNEL, (event, file: unknown) => {
    const verdict = checkSender(event, trusted());
    if (!verdict.ok || typeof file !== 'string' || file === '') {
      log.log('warn', 'Rejected path grant', { reason: verdict.ok ? 'not a path' : verdict.reason });
      return;
    }
    grants.grant(file);
  });
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, (event, payload: unknown) => {
      const verdict = checkSender(event, trusted());
      if (!verdict.ok) {
        log.log('warn', 'Rejected IPC sender', { channel, reason: verdict.reason });
        return { ok: false, error: { code: 'forbidden', message: 'This window may not call Fairbound.' } };
      }
      return dispatch(channel, payload, { transport: 'electron', senderId: `window-${event.sender.id}` });
    });
  }
  const unsubscribe = events.subscribe((event, payload) => {
    for (const contents of windows()) if (!contents.isDestroyed()) contents.send(event, payload);
  });
  return () => {
    unsubscribe();
    for (const channel of CHANNELS) ipcMain.removeHandler(channel);
    ipcMain.removeAllListeners(GRANT_PATH_CHANNEL);
  };
}
