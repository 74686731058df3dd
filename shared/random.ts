/**
 * Seeded 32-bit PRNG (mulberry32): splits and bootstrap intervals must be identical for the same seed on every
 * machine, which Math.random cannot promise. (The engine keeps its own sfc32 generator with Gaussian draws.)
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
