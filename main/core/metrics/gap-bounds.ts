/**
 * Confidence bounds for one constraint measure: a rate or mean of one group, or the absolute gap between two
 * independent groups. Rates use Wilson score intervals and, for gaps, Newcombe's hybrid score interval (Newcombe,
 * Stat. Med. 1998, method 10); means of per-row losses use the normal (delta-method) interval from per-group variances.
 */

/** One side of a measure: x successes out of n (a rate) or a mean of n bounded per-row values given by sum and Σ v². */
export type Side = { kind: 'rate'; x: number; n: number } | { kind: 'mean'; sum: number; sumSq: number; n: number };

/** value = scale · |A − B| (a gap), or A alone when b is null (a worst-group bound). */
export interface GapShape {
  a: Side;
  b: Side | null;
  /** 1 for two disjoint groups; 1 − w for a group vs the whole split (the group's share w of the split is part of both). */
  scale: number;
}

export interface Interval {
  lo: number;
  hi: number;
}

const estimateOf = (s: Side): number => (s.kind === 'rate' ? s.x / s.n : s.sum / s.n);

/** Sample variance of the side's estimate (p(1 − p)/n, or s²/n). */
function estimateVariance(s: Side): number {
  if (s.kind === 'rate') {
    const p = s.x / s.n;
    return (p * (1 - p)) / s.n;
  }
  const mean = s.sum / s.n;
  const variance = Math.max(0, (s.sumSq - s.n * mean * mean) / (s.n - 1));
  return variance / s.n;
}

/** Whether the side has enough rows for an interval (a rate needs 1, a mean 2 for its variance). */
export function sideUsable(s: Side): boolean {
  return s.kind === 'rate' ? s.n >= 1 : s.n >= 2;
}

export function wilson(x: number, n: number, z: number): Interval {
  const p = x / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const center = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { lo: Math.max(0, center - half), hi: Math.min(1, center + half) };
}

function sideInterval(s: Side, z: number): Interval {
  if (s.kind === 'rate') return wilson(s.x, s.n, z);
  const half = z * Math.sqrt(estimateVariance(s));
  const mean = estimateOf(s);
  return { lo: mean - half, hi: mean + half };
}

/** Two-sided interval of the signed quantity scale · (A − B) (or A) with z per tail. */
export function signedInterval(shape: GapShape, z: number): Interval {
  const { a, b, scale } = shape;
  if (!b) return sideInterval(a, z);
  const d = estimateOf(a) - estimateOf(b);
  if (a.kind === 'rate' && b.kind === 'rate') {
    const ia = wilson(a.x, a.n, z);
    const ib = wilson(b.x, b.n, z);
    const pa = a.x / a.n;
    const pb = b.x / b.n;
    const lo = d - Math.sqrt((pa - ia.lo) ** 2 + (ib.hi - pb) ** 2);
    const hi = d + Math.sqrt((ia.hi - pa) ** 2 + (pb - ib.lo) ** 2);
    return { lo: scale * lo, hi: scale * hi };
  }
  const half = z * Math.sqrt(estimateVariance(a) + estimateVariance(b));
  return { lo: scale * (d - half), hi: scale * (d + half) };
}

/** One-sided bounds (each at z) of the measure: |d| for a gap, A itself for a single side. */
export function measureBounds(shape: GapShape, z: number): { lower: number; upper: number } {
  const { lo, hi } = signedInterval(shape, z);
  if (!shape.b) return { lower: lo, upper: hi };
  const lower = lo > 0 ? lo : hi < 0 ? -hi : 0;
  return { lower, upper: Math.max(Math.abs(lo), Math.abs(hi)) };
}

export function standardError(shape: GapShape): number {
  const v = estimateVariance(shape.a) + (shape.b ? estimateVariance(shape.b) : 0);
  return shape.scale * Math.sqrt(v);
}

/**
 * The same shape with both sides at their pooled estimate: what the bounds look like when the true gap is 0 (for a
 * single mean, the margin its bound needs above the true value).
 */
export function nullShape(shape: GapShape): GapShape {
  const { a, b } = shape;
  if (!b) return a.kind === 'mean' ? { ...shape, a: centred(a) } : shape;
  if (a.kind === 'rate' && b.kind === 'rate') {
    const p = (a.x + b.x) / (a.n + b.n);
    return { ...shape, a: { kind: 'rate', x: p * a.n, n: a.n }, b: { kind: 'rate', x: p * b.n, n: b.n } };
  }
  return { ...shape, a: centred(a), b: centred(b) };
}

/** A mean side moved to 0 with its variance kept (the interval's width depends only on the variance). */
function centred(s: Side): Side {
  return s.kind === 'mean' ? { kind: 'mean', sum: 0, sumSq: s.sumSq - (s.sum * s.sum) / s.n, n: s.n } : s;
}

const Z_MAX = 40;

/**
 * The z at which the measure's upper bound reaches the tolerance (bisection; the bound widens with z): a larger z
 * means stronger evidence that the measure is below the tolerance. 0 when even the point estimate is not below it.
 */
export function zBelow(shape: GapShape, tolerance: number): number {
  return bisect((z) => measureBounds(shape, z).upper < tolerance);
}

/** The z at which the measure's lower bound falls to the tolerance: evidence that it is above. */
export function zAbove(shape: GapShape, tolerance: number): number {
  return bisect((z) => measureBounds(shape, z).lower > tolerance);
}

/** Largest z in [0, Z_MAX] for which holds(z) is true (holds is monotone: true up to some z), 0 if none. */
function bisect(holds: (z: number) => boolean): number {
  if (!holds(0)) return 0;
  if (holds(Z_MAX)) return Z_MAX;
  let lo = 0;
  let hi = Z_MAX;
  for (let i = 0; i < 50; i++) {
    const mid = (lo + hi) / 2;
    if (holds(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}
