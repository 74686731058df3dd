import type { projectsChannels } from '../../../shared/ipc/channels/projects.js';
import type { HandlersFor } from '../ipc/handler-types.js';
import type { Services } from '../services.js';

/** Handlers of the projects channels. */
export function projectsHandlers(_services: Services): HandlersFor<typeof projectsChannels> {
  return {};
}
