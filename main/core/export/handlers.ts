import path from 'node:path';
import { FairboundError } from '../../../shared/errors.js';
import type { modelsChannels } from '../../../shared/ipc/channels/models.js';
import { prepareTask } from '../data/prepare.js';
import type { HandlersFor } from '../ipc/handler-types.js';
import { scoreFile } from '../scoring/score-file.js';
import type { Services } from '../services.js';
import { exportModel } from './export-model.js';
import { loadSavedRun } from './saved-run.js';

const EXPORTS_DIR = 'exports';

/** Handlers of the models channels: a project's run as an ONNX model with its card, and scoring a file with it. */
export function modelsHandlers(services: Services): HandlersFor<typeof modelsChannels> {
  /** The job folder of "<jobId>/<runIndex>", checked to belong to the project. */
  async function locate(projectId: string, runRef: string) {
    const project = await services.projects.get(projectId);
    const projectDir = services.projects.dir(projectId);
    const [jobId, index] = runRef.split('/');
    if (!project.jobs.some((r) => r.id === jobId))
      throw new FairboundError('not-found', `project "${project.name}" has no training job ${jobId}`, { runRef });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    return {
      project,
      projectDir,
      runDir: path.join(projectDir, 'runs', jobId!),
      runIndex: Number(index),
      stem: `${jobId}-run${index}-${stamp}`,
    };
  }

  return {
    async 'models:export'({ projectId, runRef }) {
      const { project, projectDir, runDir, runIndex, stem } = await locate(projectId, runRef);
      const exported = await exportModel(runDir, runIndex, {
        onnxPath: path.join(projectDir, EXPORTS_DIR, `model-${stem}.onnx`),
        prepare: (config) => prepareTask(config, { cacheDir: path.join(projectDir, 'datasets') }),
        ...(project.reportContext ? { context: project.reportContext } : {}),
      });
      return {
        onnxPath: exported.onnxPath,
        onnxBytes: exported.onnxBytes,
        cardPath: exported.cardPath,
        warnings: exported.card?.warnings ?? [],
      };
    },

    async 'models:score'({ projectId, runRef, data }) {
      const { projectDir, runDir, runIndex, stem } = await locate(projectId, runRef);
      const input = data.kind === 'upload' ? (await services.resolveUpload(data.uploadId)).path : data.path;
      const saved = await loadSavedRun(runDir, runIndex);
      return scoreFile(saved, input, path.join(projectDir, EXPORTS_DIR, `scores-${stem}.csv`));
    },
  };
}
