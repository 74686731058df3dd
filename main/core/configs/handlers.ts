import type { configsChannels } from '../../../shared/ipc/channels/configs.js';
import { importDataset } from '../data/import.js';
import type { HandlersFor } from '../ipc/handler-types.js';
import type { Services } from '../services.js';
import { applyDataPath, parseConfigJson, readConfigFile, validateConfig } from './config-file.js';
import { configToProject, projectToConfig } from './project-config.js';

/** Handlers of the configs channels: a project's task out as a config file, a config file in as a new project. */
export function configsHandlers(services: Services): HandlersFor<typeof configsChannels> {
  const deps = { projects: services.projects, importDataset };
  return {
    'configs:export': async ({ projectId }) => projectToConfig(await services.projects.get(projectId)),
    'configs:import': async (request) => {
      if ('path' in request) return configToProject(await readConfigFile(request.path), deps);
      const raw = parseConfigJson(request.json, 'config');
      if (!request.data) return configToProject(validateConfig(raw, 'config'), deps);
      const file =
        request.data.kind === 'upload' ? await services.resolveUpload(request.data.uploadId) : { path: request.data.path, name: undefined };
      const config = validateConfig(applyDataPath(raw, file.path), 'config');
      return configToProject(config, deps, file.name === undefined ? {} : { sourceName: file.name });
    },
  };
}
