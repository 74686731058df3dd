/**
 * The paper's Wd (docs/science/problem.md#metrics): POT's 1-D optimal-transport loss with p = 2 between two groups' 50-bin
 * histograms of predicted probabilities on [0, 1] — ∫₀¹ |F⁻¹(q) − G⁻¹(q)|² dq over bin centres weighted by the
 * normalised bin masses (POT's `wasserstein_1d` returns this p-th-power loss, without the root).
 */
export const WASSERSTEIN_BINS = 50;

/** The histogram bin of a probability: bins of equal width on [0, 1], values outside clamped to the end bins. */
export function histogramBin(probability: number, bins = WASSERSTEIN_BINS): number {
  return Math.min(bins - 1, Math.max(0, Math.floor(probability * bins)));
}

/** Each group's bin counts (group g's at g × bins) divided by its size, in place: one normalised histogram a group. */
export function normalisedHistograms(
  counts: Float64Array,
  sizes: Float64Array,
  bins = WASSERSTEIN_BINS,
): Float64Array[] {
  return Array.from(sizes, (size, g) => {
    const h = counts.subarray(g * bins, (g + 1) * bins);
    if (size > 0) for (let b = 0; b < bins; b++) h[b] = h[b]! / size;
    return h;
  });
}

/** |centre_i − centre_j|^p for every pair of bins (row i, column j), computed once per bin count and power. */
const transportCosts = new Map<string, Float64Array>();

function transportCost(bins: number, p: number): Float64Array {
  const key = `${bins}:${p}`;
  let table = transportCosts.get(key);
  if (!table) {
    table = new Float64Array(bins * bins);
    for (let i = 0; i < bins; i++)
      for (let j = 0; j < bins; j++) table[i * bins + j] = Math.abs((i + 0.5) / bins - (j + 0.5) / bins) ** p;
    transportCosts.set(key, table);
  }
  return table;
}

export function wasserstein1d(u: Float64Array, v: Float64Array, p = 2): number {
  const bins = u.length;
  const costs = transportCost(bins, p);
  let i = 0;
  let j = 0;
  let leftU = u[0]!;
  let leftV = v[0]!;
  let cost = 0;
  // Walk both quantile functions together, moving mass between the current bins.
  while (i < bins && j < bins) {
    if (leftU <= 1e-15) {
      i++;
      if (i < bins) leftU = u[i]!;
      continue;
    }
    if (leftV <= 1e-15) {
      j++;
      if (j < bins) leftV = v[j]!;
      continue;
    }
    const mass = Math.min(leftU, leftV);
    cost += mass * costs[i * bins + j]!;
    leftU -= mass;
    leftV -= mass;
  }
  return cost;
}
