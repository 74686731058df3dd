import { describe, expect, it } from 'vitest';
import { PlaywrightPdfPrinter } from '../../../../main/core/audit/playwright-printer.js';
import { FairboundError } from '../../../../shared/errors.js';

describe('PlaywrightPdfPrinter', () => {
  it('a Chromium that cannot start: one sentence naming it and FAIRBOUND_CHROMIUM, no launch log', async () => {
    const printer = new PlaywrightPdfPrinter('/bin/false');
    const error = await printer.print('<p>x</p>', { footer: '' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FairboundError);
    const message = (error as FairboundError).message;
    expect(message).toMatch(
      /^Chromium at \/bin\/false could not start \(.+\)\. Point FAIRBOUND_CHROMIUM at a working Chromium or Chrome executable\.$/,
    );
    expect(message).not.toContain('\n');
    expect(message).not.toContain('Call log');
    await printer.close();
  }, 60_000);

  it('an aborted signal stops a print under way with "cancelled", and the printer prints again after', async () => {
    const printer = new PlaywrightPdfPrinter();
    try {
      // Warm up: the browser is running, so the abort below lands in the print itself.
      await printer.print('<p>warm</p>', { footer: '' });
      const controller = new AbortController();
      const big = `<table>${'<tr><td>row</td><td>cell</td></tr>'.repeat(20_000)}</table>`;
      const pending = printer.print(big, { footer: '', signal: controller.signal }).catch((e: unknown) => e);
      setTimeout(() => controller.abort(), 20);
      const error = await pending;
      expect(error).toBeInstanceOf(FairboundError);
      expect((error as FairboundError).code).toBe('cancelled');
      const done = AbortSignal.abort();
      expect(
        ((await printer.print('<p>x</p>', { footer: '', signal: done }).catch((e: unknown) => e)) as FairboundError)
          .code,
      ).toBe('cancelled');
      const pdf = await printer.print('<p>after</p>', { footer: '' });
      expect(Buffer.from(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    } finally {
      await printer.close();
    }
  }, 60_000);
});
