import type { BrowserWindow } from 'electron';
import {
  exportCancelled,
  PAGE_MARGINS_MM as M,
  pageFooterTemplate,
  type PdfPrinter,
  type PrintOptions,
} from '../core/audit/pdf-printer.js';
import { createPrintWindow } from './window.js';

/**
 * Prints the audit report with the shell's own Chromium (webContents.printToPDF), so the desktop app needs no
 * second browser. The report is self-contained HTML: it loads in a hidden, sandboxed window with JavaScript off.
 */
export class ElectronPdfPrinter implements PdfPrinter {
  private window: BrowserWindow | null = null;

  async print(html: string, options: PrintOptions): Promise<Uint8Array> {
    const { signal } = options;
    if (signal?.aborted) throw exportCancelled();
    const window = this.window ?? createPrintWindow();
    this.window = window;
    // printToPDF cannot be stopped as such: a cancel destroys the hidden window, and the print is dropped unanswered.
    const cancelled = new Promise<never>((_, reject) => {
      signal?.addEventListener(
        'abort',
        () => {
          void this.close();
          reject(exportCancelled());
        },
        { once: true },
      );
    });
    cancelled.catch(() => {});
    const print = async () => {
      await window.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
      return window.webContents.printToPDF({
        pageSize: 'A4',
        printBackground: true,
        displayHeaderFooter: true,
        headerTemplate: '<span></span>',
        footerTemplate: pageFooterTemplate(options.footer),
        // printToPDF takes inches.
        margins: { top: M.top / 25.4, bottom: M.bottom / 25.4, left: M.left / 25.4, right: M.right / 25.4 },
      });
    };
    return new Uint8Array(await Promise.race([print(), cancelled]));
  }

  async close(): Promise<void> {
    this.window?.destroy();
    this.window = null;
  }
}
