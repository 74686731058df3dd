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
});
