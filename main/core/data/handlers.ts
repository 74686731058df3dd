import type { datasetsChannels } from '../../../shared/ipc/channels/datasets.js';
import type { HandlersFor } from '../ipc/handler-types.js';
import type { Services } from '../services.js';

/** Handlers of the datasets channels. */
export function datasetsHandlers(_services: Services): HandlersFor<typeof datasetsChannels> {
  return {};
}
