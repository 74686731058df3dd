import type { projectsChannels } from '../../../shared/ipc/channels/projects.js';
import type { HandlersFor } from '../ipc/handler-types.js';
import type { Services } from '../services.js';
import { removeUploadOf } from '../uploads/upload-store.js';

/** Imports the bundled sample into a fresh project; supplied by the data domain through the composition root. */
export type SampleImporter = (projectId: string) => Promise<void>;

/** Handlers of the projects channels. */
export function projectsHandlers(
  services: Services,
  importSample?: SampleImporter,
): HandlersFor<typeof projectsChannels> {
  const { projects } = services;
  return {
    'projects:list': () => projects.list(),
    'projects:create': async ({ name, fromSample }) => {
      const project = await projects.create(name);
      if (fromSample !== true || importSample === undefined) return project;
      try {
        await importSample(project.id);
      } catch (error) {
        // The project stays usable: the data tab offers the import again and shows the reason.
        services.log.log('warn', 'Sample import failed for a new project', { id: project.id, error });
      }
      return projects.get(project.id);
    },
    'projects:get': ({ id }) => projects.get(id),
    'projects:rename': ({ id, name }) => projects.rename(id, name),
    'projects:duplicate': ({ id }) => projects.duplicate(id),
    'projects:delete': async ({ id }) => {
      const source = (await projects.get(id).catch(() => null))?.dataset?.sourcePath;
      await projects.remove(id);
      // The upload it was imported from goes too ("everything is removed"), unless a duplicate still uses it.
      if (source !== undefined) {
        const others = await Promise.all((await projects.list()).map((p) => projects.get(p.id).catch(() => null)));
        const used = others.flatMap((p) => (p?.dataset?.sourcePath ? [p.dataset.sourcePath] : []));
        await removeUploadOf(services.dataDir, source, used).catch((error: unknown) =>
          services.log.log('warn', 'Could not remove the upload of a deleted project', { id, error }),
        );
      }
      return { id };
    },
    'projects:update-task': ({ id, task }) => projects.update(id, (project) => ({ ...project, task })),
  };
}
