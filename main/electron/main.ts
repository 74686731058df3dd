import { app, BrowserWindow, session, utilityProcess, type WebContents } from 'electron';
import ElectronStore from 'electron-store';
import path from 'node:path';
import { composeHost } from '../core/compose.js';
import { createLogger } from '../core/log/logger.js';
import { grantList } from '../core/uploads/path-access.js';
import type { ConfFactory } from '../core/settings/settings-store.js';
import { mountIpc } from './ipc.js';
import { ElectronPdfPrinter } from './pdf-printer.js';
import { registerAppScheme, serveRenderer } from './protocol.js';
import { utilityTrainingProcess } from './training-process.js';
import { createMainWindow, openExternalSafely } from './window.js';

const electronConf: ConfFactory = (options) =>
  new ElectronStore<Record<string, unknown>>({
    name: options.configName,
    cwd: options.cwd,
    clearInvalidConfig: false,
    defaults: options.defaults,
  });

registerAppScheme();
// A second launch hands over to the first (second-instance below) and must not go on to open the data folder.
if (app.requestSingleInstanceLock()) start();
else app.quit();

/** Everything after winning the single-instance lock. */
function start(): void {
  const dataDir = app.getPath('userData');
  const log = createLogger({ dir: path.join(dataDir, 'logs') });
  process.on('uncaughtException', (error) => log.log('error', 'Uncaught exception in main', { error }));
  process.on('unhandledRejection', (error) => log.log('error', 'Unhandled rejection in main', { error }));

  // Every web contents: no navigation, no new windows, no <webview>.
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault());
    // Subframes too (will-navigate covers only the main frame): nothing in our windows may load another page.
    contents.on('will-frame-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      openExternalSafely(url);
      return { action: 'deny' };
    });
  });

  app.on('window-all-closed', () => app.quit());

  // Files the user picked or dropped: the only paths main reads for the renderer.
  const grants = grantList();

  void app.whenReady().then(() => {
    session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    session.defaultSession.setPermissionCheckHandler(() => false);

    const appRoot = app.getAppPath();
    const resourcesDir = app.isPackaged ? process.resourcesPath : path.join(appRoot, 'resources');
    serveRenderer(path.join(appRoot, 'dist', 'renderer'));
    const host = composeHost({
      dataDir,
      resourcesDir,
      transport: 'electron',
      appVersion: app.getVersion(),
      log,
      settingsFactory: electronConf,
      strict: !app.isPackaged,
      pdfPrinter: () => new ElectronPdfPrinter(),
      launchTraining: utilityTrainingProcess(utilityProcess),
      pathAccess: grants,
    });
    app.on('before-quit', () => void host.close());

    const windows = (): WebContents[] => BrowserWindow.getAllWindows().map((w) => w.webContents);
    mountIpc(host.dispatch, host.events, windows, log, grants);

    const window = createMainWindow(
      path.join(appRoot, 'dist', 'electron', 'preload.cjs'),
      host.services.settings.get().window,
    );
    window.on('close', () => {
      const [width, height] = window.getSize();
      if (width !== undefined && height !== undefined)
        host.services.settings.update((s) => ({ ...s, window: { width, height } }));
    });
    app.on('second-instance', () => {
      if (window.isMinimized()) window.restore();
      window.focus();
    });
  });
}
