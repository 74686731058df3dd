/**
 * Evenly thins a series to at most `max` items, always keeping the first and the last, so charts of long runs stay
 * cheap to send and draw while their start and current end stay exact.
 */
export function decimate<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return items.slice();
  if (max <= 1) return items.length ? [items[items.length - 1]!] : [];
  const out: T[] = [];
  const step = (items.length - 1) / (max - 1);
  for (let i = 0; i < max; i++) out.push(items[Math.round(i * step)]!);
  return out;
}
