import type { BrowserWindow } from 'electron';
import type { PdfPrinter } from '../core/audit/pdf-printer.js';
import { createPrintWindow } from './window.js';

/**
 * Prints the audit report with the shell's own Chromium (webContents.printToPDF), so the desktop app needs no
 * second browser. The report is self-contained HTML: it loads in a hidden, sandboxed window with JavaScript off.
 */
export class ElectronPdfPrinter implements PdfPrinter {
  private window: BrowserWindow | null = null;

  async print(html: string, options: { footer: string }): Promise<Uint8Array> {
    const window = this.window ?? createPrintWindow();
    this.window = window;
    await window.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
    const pdf = await window.webContents.printToPDF({
      pageSize: 'A4',
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: `<div style="font-size:8px;width:100%;text-align:center;color:#555">${escapeHtml(options.footer)} · page <span class="pageNumber"></span> of <span class="totalPages"></span></div>`,
      margins: { top: 0.6, bottom: 0.7, left: 0.5, right: 0.5 },
    });
    return new Uint8Array(pdf);
  }

  async close(): Promise<void> {
    this.window?.destroy();
    this.window = null;
  }
}


function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
