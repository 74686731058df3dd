import { chromium, type Browser } from 'playwright-core';
import { FairboundError } from '../../../shared/errors.js';
import { CHROMIUM_ARGS, CHROMIUM_CANDIDATES, findChromium } from '../chromium.js';
import {
  exportCancelled,
  PAGE_MARGINS_MM as M,
  pageFooterTemplate,
  type PdfPrinter,
  type PrintOptions,
} from './pdf-printer.js';

function chromiumPath(explicit?: string): string {
  const found = findChromium(explicit);
  if (!found) {
    throw new FairboundError(
      'report-failed',
      `no Chromium found to print the PDF (looked at ${CHROMIUM_CANDIDATES.join(', ')}; set FAIRBOUND_CHROMIUM)`,
    );
  }
  return found;
}

/** What failed and what to do, instead of Playwright's launch log and stack. */
function launchFailure(executablePath: string, error: unknown): FairboundError {
  const message = error instanceof Error ? error.message : String(error);
  const reason = (message.replace(/^browserType\.launch:\s*/, '').split('\n')[0] ?? '').trim().slice(0, 200);
  return new FairboundError(
    'report-failed',
    `Chromium at ${executablePath} could not start (${reason}). Point FAIRBOUND_CHROMIUM at a working Chromium or Chrome executable.`,
    { executablePath },
  );
}

/** Headless Chromium via playwright-core; the browser starts on first use and is reused until close(). */
export class PlaywrightPdfPrinter implements PdfPrinter {
  #browser: Promise<Browser> | null = null;
  readonly #executable: string | undefined;

  constructor(executablePath?: string) {
    this.#executable = executablePath;
  }

  #launch(): Promise<Browser> {
    if (this.#browser === null) {
      const executablePath = chromiumPath(this.#executable);
      this.#browser = chromium.launch({ executablePath, args: CHROMIUM_ARGS }).catch((error: unknown) => {
        this.#browser = null;
        throw launchFailure(executablePath, error);
      });
    }
    return this.#browser;
  }

  async print(html: string, options: PrintOptions): Promise<Uint8Array> {
    const { signal } = options;
    if (signal?.aborted) throw exportCancelled();
    if (!signal) return this.#print(html, options.footer);
    // Chromium finishes a print (and a browser close waits for it) even once its page closes: a cancel answers at
    // once, and closes this browser in the background (the next print starts a new one).
    let stop = () => {};
    const cancelled = new Promise<never>((_, reject) => {
      stop = () => {
        reject(exportCancelled());
        void this.close().catch(() => {});
      };
      signal.addEventListener('abort', stop, { once: true });
    });
    try {
      return await Promise.race([this.#print(html, options.footer), cancelled]);
    } catch (error) {
      if (signal.aborted) throw exportCancelled();
      throw error;
    } finally {
      signal.removeEventListener('abort', stop);
    }
  }

  async #print(html: string, footer: string): Promise<Uint8Array> {
    const browser = await this.#launch();
    const page = await browser.newPage();
    try {
      // The report must not load anything: any request is refused, so a stray URL cannot leak or stall.
      await page.route('**/*', (route) => route.abort());
      await page.setContent(html, { waitUntil: 'load' });
      return await page.pdf({
        format: 'A4',
        printBackground: true,
        displayHeaderFooter: true,
        headerTemplate: '<span></span>',
        footerTemplate: pageFooterTemplate(footer),
        margin: { top: `${M.top}mm`, bottom: `${M.bottom}mm`, left: `${M.left}mm`, right: `${M.right}mm` },
      });
    } finally {
      await page.close().catch(() => {});
    }
  }

  async close(): Promise<void> {
    const browser = this.#browser;
    this.#browser = null;
    if (browser) await (await browser).close();
  }
}
