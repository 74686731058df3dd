import type { TaskConfig } from '../../../shared/config/task-config.js';
import type { StreamedFeatures } from './streamed-features.js';

/**
 * The hand-off from data preparation to the engine, the audit and the CLI:
 * numeric, preprocessed, split, with one group id per row.
 */
export interface PreparedSplit {
  rows: number;
  /**
   * rows × featureNames.length, row-major, preprocessed (standardised / one-hot); null in a streamed task, whose
   * feature rows are read in blocks (PreparedTask.stream).
   */
  features: Float32Array | null;
  /** 0 or 1 per row. */
  labels: Float32Array;
  /** Group id per row, index into PreparedTask.groupNames; every row has one (missing values form "Unknown"). */
  groups: Int32Array;
  /** Row index in the cleaned source table, for traceability. */
  sourceRows: Int32Array;
}

export interface PreparedGroup {
  name: string;
  /** Value name per protected attribute, e.g. ["White", "Female"] for the intersection "White × Female". */
  parts: string[];
  trainCount: number;
  /** Below config.groups.minSize in the training split: flagged, and left out of constraints by default. */
  small: boolean;
}

export interface PreparedTask {
  config: TaskConfig;
  featureNames: string[];
  /** Display names of the protected attributes, in config order. */
  groupAttributes: string[];
  groups: PreparedGroup[];
  train: PreparedSplit;
  validation: PreparedSplit | null;
  test: PreparedSplit;
  /**
   * Present when the task is streamed (too large to hold every split's features, or forced): reads a split's encoded
   * rows in blocks from the cached Parquet. The caller closes it when done with the task.
   */
  stream?: StreamedFeatures;
  /** The fitted preprocessing (means, scales, levels), JSON-serialisable, saved beside every model. */
  preprocessing: unknown;
  dataset: {
    path: string;
    sha256: string;
    rowsRead: number;
    rowsUsed: number;
    droppedRows: number;
    droppedReasons: Record<string, number>;
  };
}
