import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { records } from '../../../../main/core/data/source.js';

/** The previous implementation (one-character strings), kept as the reference for the char-code one. */
function recordsByStrings(text: string, delimiter: string) {
  const out: { line: number; fields: number }[] = [];
  let line = 1;
  let start = 1;
  let fields = 1;
  let inQuotes = false;
  let empty = true;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      if (inQuotes && text[i + 1] === '"') i++;
      else if (inQuotes || empty || text[i - 1] === delimiter) inQuotes = !inQuotes;
      empty = false;
    } else if (ch === '\n') {
      line++;
      if (!inQuotes) {
        if (!empty) out.push({ line: start, fields });
        start = line;
        fields = 1;
        empty = true;
      }
    } else if (ch === delimiter && !inQuotes) {
      fields++;
      empty = false;
    } else if (ch !== '\r') {
      empty = false;
    }
  }
  if (!empty && !inQuotes) out.push({ line: start, fields });
  return { records: out, unterminatedAt: inQuotes ? start : null };
}

/** Texts built from the characters the splitter cares about, plus a few it must pass over (tabs, emoji, BOM). */
const sampleText = fc
  .array(fc.constantFrom(',', ';', '\t', '|', '"', '""', '\n', '\r\n', '\r', 'a', 'bc', ' ', '😀', '\uFEFF', '1.5'), {
    maxLength: 400,
  })
  .map((parts) => parts.join(''));

describe('sample records (dialect detection)', () => {
  it('splits every text as the one-character-string version did, for each candidate delimiter', () => {
    fc.assert(
      fc.property(sampleText, fc.constantFrom(',', '\t', ';', '|'), (text, delimiter) => {
        expect(records(text, delimiter)).toEqual(recordsByStrings(text, delimiter));
      }),
      { numRuns: 2_000, seed: 20_261_130 },
    );
  });

  it('counts quoted delimiters and newlines as part of a field', () => {
    expect(records('a,b\n"x,\ny",2\n', ',')).toEqual({
      records: [
        { line: 1, fields: 2 },
        { line: 2, fields: 2 },
      ],
      unterminatedAt: null,
    });
    expect(records('a,b\n"open,1\n', ',').unterminatedAt).toBe(2);
  });
});
