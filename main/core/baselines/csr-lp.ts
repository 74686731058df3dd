import type { Highs } from 'highs';

/** HiGHS's model status for a solved problem. */
const OPTIMAL = 7;

/** min colCost·x  s.t.  rowLower ≤ A x ≤ rowUpper,  colLower ≤ x ≤ colUpper, with A given row by row (CSR). */
export interface CsrLp {
  colCost: Float64Array;
  colLower: Float64Array;
  colUpper: Float64Array;
  rowLower: readonly number[];
  rowUpper: readonly number[];
  /** starts[i] … starts[i + 1] index the entries of row i in indices (columns) and values. */
  starts: readonly number[];
  indices: readonly number[];
  values: readonly number[];
}

export type CsrLpOutcome =
  | { optimal: true; colValue: Float64Array; rowDual: Float64Array; objective: number }
  | { optimal: false; status: number };

/** Solves the LP with HiGHS (quietly) and frees its model whatever happens. */
export function solveCsrLp(highs: Highs, lp: CsrLp): CsrLpOutcome {
  const numCols = lp.colCost.length;
  const numRows = lp.rowLower.length;
  const model = highs.createModel({
    numCols,
    numRows,
    colCost: lp.colCost,
    colLower: lp.colLower,
    colUpper: lp.colUpper,
    rowLower: Float64Array.from(lp.rowLower),
    rowUpper: Float64Array.from(lp.rowUpper),
    matrix: {
      format: 'csr',
      numRows,
      numCols,
      starts: Int32Array.from(lp.starts),
      indices: Int32Array.from(lp.indices),
      values: Float64Array.from(lp.values),
    },
  });
  try {
    model.options.set({ output_flag: false });
    model.run();
    const status = model.getModelStatus();
    if (status !== OPTIMAL) return { optimal: false, status };
    const solution = model.getSolution();
    return {
      optimal: true,
      colValue: Float64Array.from(solution.colValue),
      rowDual: Float64Array.from(solution.rowDual),
      objective: model.getObjectiveValue(),
    };
  } finally {
    model.dispose();
  }
}
