import { describe, expect, it } from 'vitest';
import { queuePlaces, type QueueEntry } from '../../../../renderer/src/views/train/queue-estimate.js';

const running = (id: string, etaSeconds: number | null): QueueEntry => ({
  id,
  status: 'running',
  started: true,
  etaSeconds,
  expectedSeconds: 30,
});
const queued = (id: string, expectedSeconds: number | null = 30): QueueEntry => ({
  id,
  status: 'queued',
  started: false,
  etaSeconds: null,
  expectedSeconds,
});

describe('queue places', () => {
  it('numbers waiting jobs in order and adds up the budgets ahead of each on one slot', () => {
    const places = queuePlaces([running('a', 12), queued('b', 30), queued('c', 20), queued('d')], 1);
    expect([...places.entries()]).toEqual([
      ['b', { position: 1, startsInSeconds: 12 }],
      ['c', { position: 2, startsInSeconds: 42 }],
      ['d', { position: 3, startsInSeconds: 62 }],
    ]);
  });

  it('fills free slots at once and then takes the earliest slot to free', () => {
    const places = queuePlaces([running('a', 50), queued('b', 30), queued('c', 10), queued('d', 10)], 2);
    expect(places.get('b')).toEqual({ position: 1, startsInSeconds: 0 });
    expect(places.get('c')).toEqual({ position: 2, startsInSeconds: 30 });
    expect(places.get('d')).toEqual({ position: 3, startsInSeconds: 40 });
  });

  it('says nothing it cannot know: no ETA ahead, or a budget in iterations, makes later starts unknown', () => {
    const places = queuePlaces([running('a', null), queued('b'), queued('c')], 1);
    expect(places.get('b')).toEqual({ position: 1, startsInSeconds: null });
    expect(places.get('c')).toEqual({ position: 2, startsInSeconds: null });
    const iterations = queuePlaces([running('a', 5), queued('b', null), queued('c')], 1);
    expect(iterations.get('b')).toEqual({ position: 1, startsInSeconds: 5 });
    expect(iterations.get('c')).toEqual({ position: 2, startsInSeconds: null });
  });

  it('gives no place to a job paused before it started (main holds it back)', () => {
    const places = queuePlaces([running('a', 5), { ...queued('b'), status: 'paused' }, queued('c')], 1);
    expect(places.has('b')).toBe(false);
    expect(places.get('c')).toEqual({ position: 1, startsInSeconds: 5 });
  });
});
