import { readFile, stat } from 'node:fs/promises';
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
/** The file names models:export and models:score write; nothing else in exports/ is served. */
const EXPORT_NAME = /^(model|scores)-[A-Za-z0-9][A-Za-z0-9._-]{0,199}\.(onnx|model-card\.json|csv)$/;
/** Larger files do not fit one WebSocket message as base64 (main/host/ws-transport.ts allows 16 MiB). */
const MAX_DOWNLOAD_BYTES = 11 * 1024 * 1024;

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

    async 'models:export-file'({ projectId, name }) {
      await services.projects.get(projectId);
      if (!EXPORT_NAME.test(name)) throw new FairboundError('not-found', `No exported file "${name}" in this project.`);
      const file = path.join(services.projects.dir(projectId), EXPORTS_DIR, name);
      const info = await stat(file).catch(() => {
        throw new FairboundError('not-found', `No exported file "${name}" in this project.`);
      });
      if (info.size > MAX_DOWNLOAD_BYTES)
        throw new FairboundError(
          'io-error',
          `${name} is ${(info.size / 2 ** 20).toFixed(0)} MB, too large to download through the browser ` +
            `(at most ${MAX_DOWNLOAD_BYTES / 2 ** 20} MB); it is on the host at ${file}, or use \`fairbound predict\`.`,
        );
      return { name, base64: (await readFile(file)).toString('base64') };
    },
  };
}
