import { FairboundError } from '../../../shared/errors.js';

/**
 * Prints the self-contained report HTML to PDF. Chromium does the layout in both implementations:
 * playwright-core here (headless host, CLI, tests) and webContents.printToPDF in the Electron shell.
 */
export interface PdfPrinter {
  /**
   * footer: short text repeated at the bottom of every page next to the page number. Aborting `signal` stops the
   * print (Chromium's page goes) and rejects with 'cancelled'.
   */
  print(html: string, options: PrintOptions): Promise<Uint8Array>;
  close(): Promise<void>;
}

export interface PrintOptions {
  footer: string;
  signal?: AbortSignal | undefined;
}

/** The error a cancelled export ends with, whichever step it was in. */
export function exportCancelled(): FairboundError {
  return new FairboundError('cancelled', 'The PDF export was cancelled; no report was written.');
}

/** Page margins of the report, the same whichever Chromium prints it. */
export const PAGE_MARGINS_MM = { top: 14, bottom: 16, left: 13, right: 13 } as const;

/** Chromium's per-page footer: the report's footer text and "page X of Y". Markup characters are dropped from it. */
export function pageFooterTemplate(footer: string): string {
  const text = footer.replace(/[<>&"]/g, '');
  return `<div style="font-size:7px;width:100%;padding:0 ${PAGE_MARGINS_MM.left}mm;color:#555;display:flex;justify-content:space-between"><span>${text}</span><span>page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`;
}
