/**
 * The paper's Wd (docs/science/problem.md#metrics): POT's 1-D optimal-transport loss with p = 2 between two groups' 50-bin
 * histograms of predicted probabilities on [0, 1] — ∫₀¹ |F⁻¹(q) − G⁻¹(q)|² dq over bin centres weighted by the
 * normalised bin masses (POT's `wasserstein_1d` returns this p-th-power loss, without the root).
 */
export const WASSERSTEIN_BINS = 50;

/** Every group's normalised histogram of predicted probabilities, in one pass over the rows. */
export function histogramsByGroup(
  probabilities: ArrayLike<number>,
  groups: ArrayLike<number>,
  groupCount: number,
  bins = WASSERSTEIN_BINS,
): Float64Array[] {
  const counts = new Float64Array(groupCount * bins);
  const sizes = new Float64Array(groupCount);
  for (let i = 0; i < probabilities.length; i++) {
    const g = groups[i]!;
    counts[g * bins + Math.min(bins - 1, Math.max(0, Math.floor(probabilities[i]! * bins)))]! += 1;
    sizes[g]! += 1;
  }
  return Array.from({ length: groupCount }, (_, g) => {
    const h = counts.subarray(g * bins, (g + 1) * bins);
    if (sizes[g]! > 0) for (let b = 0; b < bins; b++) h[b] = h[b]! / sizes[g]!;
    return h;
  });
}

export function wasserstein1d(u: Float64Array, v: Float64Array, p = 2): number {
  const bins = u.length;
  const centre = (b: number): number => (b + 0.5) / bins;
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
    cost += mass * Math.abs(centre(i) - centre(j)) ** p;
    leftU -= mass;
    leftV -= mass;
  }
  return cost;
}
