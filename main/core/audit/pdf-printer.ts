/**
 * Prints the self-contained report HTML to PDF. Chromium does the layout in both implementations:
 * playwright-core here (headless host, CLI, tests) and webContents.printToPDF in the Electron shell.
 */
export interface PdfPrinter {
  /** footer: short text repeated at the bottom of every page next to the page number. */
  print(html: string, options: { footer: string }): Promise<Uint8Array>;
  close(): Promise<void>;
}
