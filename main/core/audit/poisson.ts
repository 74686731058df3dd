/**
 * Exact Poisson variates for the Poisson bootstrap: inversion by sequential search for small means, and Hörmann's
 * transformed rejection with squeeze (PTRS; W. Hörmann, "The transformed rejection method for generating Poisson
 * random variables", Insurance: Mathematics and Economics 12, 1993) for means ≥ 10, as numpy does.
 */

const SMALL_MEAN = 10;
const FACTORIAL_TABLE = 256;
const LOG_FACTORIAL = (() => {
  const t = new Float64Array(FACTORIAL_TABLE);
  for (let k = 1; k < FACTORIAL_TABLE; k++) t[k] = t[k - 1]! + Math.log(k);
  return t;
})();

/** ln k! : a table below 256, Stirling's series (error < 1e-15 there) above. */
export function logFactorial(k: number): number {
  if (k < FACTORIAL_TABLE) return LOG_FACTORIAL[k]!;
  const x = k + 1;
  const inv = 1 / x;
  const inv2 = inv * inv;
  return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + inv * (1 / 12 - inv2 * (1 / 360 - inv2 / 1260));
}

/** A sampler for one fixed mean, its constants computed once (a cell's mean is drawn from a thousand times). */
export interface PoissonSampler {
  draw(random: () => number): number;
}

export function poissonSampler(mean: number): PoissonSampler {
  if (mean <= 0) return { draw: () => 0 };
  if (mean < SMALL_MEAN) {
    const p0 = Math.exp(-mean);
    return {
      draw(random) {
        let x = 0;
        let p = p0;
        let s = p0;
        const u = random();
        while (u > s && x < 1000) {
          x++;
          p *= mean / x;
          s += p;
        }
        return x;
      },
    };
  }
  const slam = Math.sqrt(mean);
  const loglam = Math.log(mean);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const logInvAlpha = Math.log(1.1239 + 1.1328 / (b - 3.4));
  const vr = 0.9277 - 3.6224 / (b - 2);
  return {
    draw(random) {
      for (;;) {
        const u = random() - 0.5;
        const v = random();
        const us = 0.5 - Math.abs(u);
        const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
        if (us >= 0.07 && v <= vr) return k;
        if (k < 0 || (us < 0.013 && v > us)) continue;
        if (Math.log(v) + logInvAlpha - Math.log(a / (us * us) + b) <= -mean + k * loglam - logFactorial(k)) return k;
      }
    },
  };
}

/** A standard normal variate (Marsaglia's polar method; the second variate of each pair is dropped for simplicity). */
export function standardNormal(random: () => number): number {
  for (;;) {
    const u = 2 * random() - 1;
    const v = 2 * random() - 1;
    const s = u * u + v * v;
    if (s > 0 && s < 1) return u * Math.sqrt((-2 * Math.log(s)) / s);
  }
}
