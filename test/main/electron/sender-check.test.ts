import { describe, expect, it } from 'vitest';
import { checkSender, type SenderEventLike } from '../../../main/electron/sender-check.js';

const mainFrame = { url: 'app://fairbound/index.html#/projects/x/data' };
const ours = (): SenderEventLike => ({ senderFrame: mainFrame, sender: { id: 7, mainFrame } });
const trusted = new Set([7]);

describe('checkSender', () => {
  it('accepts the main frame of our window on app://fairbound', () => {
    expect(checkSender(ours(), trusted)).toEqual({ ok: true });
  });

  it('rejects foreign senders', () => {
    const iframe = { url: 'app://fairbound/index.html' };
    const cases: [string, SenderEventLike][] = [
      ['other window', { ...ours(), sender: { id: 8, mainFrame } }],
      ['subframe', { senderFrame: iframe, sender: { id: 7, mainFrame } }],
      ['destroyed frame', { senderFrame: null, sender: { id: 7, mainFrame } }],
      [
        'remote page',
        {
          senderFrame: { url: 'https://evil.example/' },
          sender: { id: 7, mainFrame: { url: 'https://evil.example/' } },
        },
      ],
      [
        'file url',
        { senderFrame: { url: 'file:///tmp/x.html' }, sender: { id: 7, mainFrame: { url: 'file:///tmp/x.html' } } },
      ],
      [
        'other app host',
        {
          senderFrame: { url: 'app://other/index.html' },
          sender: { id: 7, mainFrame: { url: 'app://other/index.html' } },
        },
      ],
      ['garbage url', { senderFrame: { url: 'not a url' }, sender: { id: 7, mainFrame: { url: 'not a url' } } }],
    ];
    for (const [name, event] of cases) {
      // Each fake's mainFrame must be the same object as senderFrame where the case means "main frame".
      if (event.senderFrame !== null && name !== 'subframe') event.sender.mainFrame = event.senderFrame;
      expect(checkSender(event, trusted).ok, name).toBe(false);
    }
  });
});
