import { buildOnnxModel } from './onnx-model.js';
import type { SavedRun } from './saved-run.js';

/** The .onnx bytes of a saved run, with its threshold, run and data provenance in the model's metadata. */
export function onnxOfRun(saved: SavedRun): Uint8Array {
  const { results, run, config } = saved;
  return buildOnnxModel({
    model: saved.model,
    preprocessing: saved.preprocessing,
    threshold: config.threshold,
    producerVersion: results.app.version,
    docString:
      `${config.name ?? 'Fairbound model'}: ${run.id} (${run.solver}, seed ${run.seed}). Inputs: one [N, 1] tensor per raw column ` +
      `(double for numbers, NaN when missing; string for categories, "" when missing). Outputs: probability [N, 1] float32, ` +
      `prediction [N, 1] int64 (probability ≥ ${config.threshold}).`,
    metadata: {
      'fairbound.run': run.id,
      'fairbound.solver': run.solver,
      'fairbound.seed': String(run.seed),
      'fairbound.label': JSON.stringify(config.data.label),
      'fairbound.dataset_sha256': results.dataset.sha256,
      'fairbound.config_sha256': results.configSha256,
      'fairbound.group_names': JSON.stringify(results.groupNames),
    },
  });
}
