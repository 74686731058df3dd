import { ipcMain, type WebContents } from 'electron';
import { CHANNELS } from '../../shared/ipc/contract.js';
import type { Dispatch } from '../core/ipc/dispatcher.js';
import type { EventHub } from '../core/ipc/event-hub.js';
import type { Logger } from '../core/log/logger.js';
import { checkSender } from './sender-check.js';

/** Mounts every contract channel on ipcMain behind the sender check, and forwards events to our windows. */
export function mountIpc(dispatch: Dispatch, events: EventHub, windows: () => WebContents[], log: Logger): () => void {
  const trusted = () => new Set(windows().map((w) => w.id));
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
  };
}
