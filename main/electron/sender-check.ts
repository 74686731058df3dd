/**
 * Only our window's main frame, loaded from app://fairbound, may call main (Electron's security checklist: validate
 * the sender of every IPC message). Pure, so it is unit-tested.
 */
export const APP_ORIGIN = 'app://fairbound';

export interface FrameLike {
  url: string;
}

/** The parts of Electron's IpcMainInvokeEvent the check reads. */
export interface SenderEventLike {
  senderFrame: FrameLike | null;
  sender: { id: number; mainFrame: FrameLike };
}

export type SenderVerdict = { ok: true } | { ok: false; reason: string };

export function checkSender(event: SenderEventLike, trustedWebContents: ReadonlySet<number>): SenderVerdict {
  const frame = event.senderFrame;
  if (frame === null) return { ok: false, reason: 'frame is gone' };
  if (!trustedWebContents.has(event.sender.id))
    return { ok: false, reason: `webContents ${event.sender.id} is not one of our windows` };
  if (frame !== event.sender.mainFrame) return { ok: false, reason: 'not the main frame' };
  let url: URL;
  try {
    url = new URL(frame.url);
  } catch {
    return { ok: false, reason: `unparseable frame URL ${frame.url}` };
  }
  // app: is not a special scheme, so URL.origin is "null"; compare scheme and host instead.
  if (url.protocol !== 'app:' || url.host !== 'fairbound')
    return { ok: false, reason: `foreign origin ${url.protocol}//${url.host}` };
  return { ok: true };
}
