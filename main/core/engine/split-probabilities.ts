import { FairboundError } from '../../../shared/errors.js';
import type { PreparedSplit, PreparedTask } from '../data/prepared-task.js';
import { predictProbabilities, type Mlp } from './model.js';

/** Rows of a streamed split read and scored at a time: a few MB of features, one DuckDB range query. */
export const STREAM_BLOCK_ROWS = 65536;

/**
 * The model's probability for every row of a split. A streamed task's rows are read from the cached Parquet and
 * scored block by block in order, so only the scores (4 bytes a row) are kept, never the feature matrix.
 */
export async function splitProbabilities(
  model: Mlp,
  task: PreparedTask,
  split: PreparedSplit,
  blockRows = STREAM_BLOCK_ROWS,
): Promise<Float32Array> {
  if (split.features) return predictProbabilities(model, split.features, split.rows);
  if (!task.stream) throw new FairboundError('internal', 'A split without features belongs to a streamed task.');
  const out = new Float32Array(split.rows);
  for (let from = 0; from < split.rows; from += blockRows) {
    const to = Math.min(split.rows, from + blockRows);
    out.set(await predictProbabilities(model, await task.stream.read(split, from, to), to - from), from);
  }
  return out;
}
