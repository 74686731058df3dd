import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { FairboundError } from '../../../shared/errors.js';
import type { PdfPrinter } from './pdf-printer.js';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

function findChromium(explicit?: string): string {
  const found = [explicit, process.env.FAIRBOUND_CHROMIUM, ...CANDIDATES].find((p): p is string => !!p && existsSync(p));
  if (!found) {
    throw new FairboundError('report-failed', `no Chromium found to print the PDF (looked at ${CANDIDATES.join(', ')}; set FAIRBOUND_CHROMIUM)`);
  }
  return found;
}

/** Headless Chromium via playwright-core; the browser starts on first use and is reused until close(). */
export class PlaywrightPdfPrinter implements PdfPrinter {
  #browser: Promise<Browser> | null = null;
  readonly #executable: string | undefined;

  constructor(executablePath?: string) {
    this.#executable = executablePath;
  }

  #launch(): Promise<Browser> {
    this.#browser ??= chromium.launch({
      executablePath: findChromium(this.#executable),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    return this.#browser;
  }

  async print(html: string, options: { footer: string }): Promise<Uint8Array> {
    const browser = await this.#launch();
    const page = await browser.newPage();
    try {
      // The report must not load anything: any request is refused, so a stray URL cannot leak or stall.
      await page.route('**/*', (route) => route.abort());
      await page.setContent(html, { waitUntil: 'load' });
      const footer = options.footer.replace(/[<>&"]/g, '');
      return await page.pdf({
        format: 'A4',
        printBackground: true,
        displayHeaderFooter: true,
        headerTemplate: '<span></span>',
        footerTemplate: `<div style="font-size:7px;width:100%;padding:0 13mm;color:#555;display:flex;justify-content:space-between"><span>${footer}</span><span>page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`,
        margin: { top: '14mm', bottom: '16mm', left: '13mm', right: '13mm' },
      });
    } finally {
      await page.close();
    }
  }

  async close(): Promise<void> {
    const browser = this.#browser;
    this.#browser = null;
    if (browser) await (await browser).close();
  }
}
