import { BrowserWindow, shell } from 'electron';
import { APP_ORIGIN } from './sender-check.js';

/** The one place window options live, as a literal (Electronegativity reads it). */
export function createMainWindow(preload: string, size: { width: number; height: number } | null): BrowserWindow {
  const window = new BrowserWindow({
    width: size?.width ?? 1280,
    height: size?.height ?? 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Fairbound',
    backgroundColor: '#f6f7f9',
    webPreferences: {
      preload,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      disableBlinkFeatures: 'Auxclick',
    },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(`${APP_ORIGIN}/index.html`);
  return window;
}

/** The audit printer's window: hidden, locked down like the main window, JavaScript off (the report is static HTML). */
export function createPrintWindow(): BrowserWindow {
  return new BrowserWindow({
    show: false,
    webPreferences: {
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      javascript: false,
      webSecurity: true,
      disableBlinkFeatures: 'Auxclick',
    },
  });
}

/** Links leave the app only as https URLs opened in the system browser (Electron security checklist: do not open untrusted content in the app). */
export function openExternalSafely(target: string): void {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return;
  }
  if (url.protocol === 'https:') void shell.openExternal(url.toString());
}
