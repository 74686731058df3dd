function formatEdge(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(6)));
}

/** The name a numeric bin gets when the user gave none: "[a, b)", or "[last, ∞)" for the last edge. */
export function defaultBinName(edges: readonly number[], index: number): string {
  const lo = edges[index] ?? 0;
  const hi = edges[index + 1];
  return hi === undefined ? `[${formatEdge(lo)}, ∞)` : `[${formatEdge(lo)}, ${formatEdge(hi)})`;
}

/** The name of the group of values below the first edge. */
export function belowBinName(edges: readonly number[]): string {
  return `< ${formatEdge(edges[0] ?? 0)}`;
}
