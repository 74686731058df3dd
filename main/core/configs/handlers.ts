import path from 'node:path';
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
      if ('path' in request) {
        const configFile = await services.pathAccess.check(request.path);
        const config = await readConfigFile(configFile);
        // The config's data file: chosen with it when it lies beside it (or below), else it needs its own grant.
        await services.pathAccess.check(config.data.path, { alsoUnder: path.dirname(configFile) });
        return configToProject(config, deps);
      }
      const raw = parseConfigJson(request.json, 'config');
      if (!request.data) {
        const config = validateConfig(raw, 'config');
        await services.pathAccess.check(config.data.path);
        return configToProject(config, deps);
      }
      const file =
        request.data.kind === 'upload'
          ? await services.resolveUpload(request.data.uploadId)
          : { path: await services.pathAccess.check(request.data.path), name: undefined };
      const config = validateConfig(applyDataPath(raw, file.path), 'config');
      return configToProject(config, deps, file.name === undefined ? {} : { sourceName: file.name });
    },
  };
}
