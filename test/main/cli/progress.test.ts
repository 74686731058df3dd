import { describe, expect, it } from 'vitest';
import { createProgress, subProgress } from '../../../main/cli/progress.js';

function sink(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, stream: { isTTY, columns: 60, write: (t: string) => (chunks.push(t), true) } };
}

describe('createProgress', () => {
  it('writes one plain line per 10 % step or stage change when not a TTY', () => {
    const { chunks, stream } = sink(false);
    const p = createProgress(stream);
    for (let i = 0; i <= 20; i++) p.update(i / 40, 'sgd run 1/2', `${20 - i} s left`);
    p.update(0.5, 'sgd run 2/2');
    p.done();
    expect(chunks.every((c) => c.endsWith('\n') && !c.includes('\r'))).toBe(true);
    expect(chunks).toHaveLength(7);
    expect(chunks[0]).toBe('[------------------------]   0% sgd run 1/2 · 20 s left\n');
    expect(chunks.at(-1)).toContain('50% sgd run 2/2');
  });

  it('redraws one line in place on a TTY, throttled, and ends it on done', () => {
    const { chunks, stream } = sink(true);
    let t = 0;
    const p = createProgress(stream, { now: () => t });
    p.update(0.1, 'a');
    t += 50;
    p.update(0.2, 'a');
    t += 100;
    p.update(0.3, 'a');
    p.log('hello');
    p.done();
    expect(chunks.filter((c) => c.startsWith('\r\x1b[2K[')).length).toBe(2);
    expect(chunks).toContain('hello\n');
  });

  it('is silent when quiet, and maps sub-progress into its share', () => {
    const { chunks, stream } = sink(false);
    createProgress(stream, { quiet: true }).update(0.5, 'x');
    expect(chunks).toEqual([]);
    const seen: number[] = [];
    const parent = { update: (f: number) => void seen.push(f), log: () => {}, done: () => {} };
    subProgress(parent, 0.5, 0.25).update(0.5, 'x');
    expect(seen).toEqual([0.625]);
  });
});
