import type { trainingChannels } from '../../../shared/ipc/channels/training.js';
import type { HandlersFor } from '../ipc/handler-types.js';
import type { Services } from '../services.js';

/** Handlers of the training channels. */
export function trainingHandlers(_services: Services): HandlersFor<typeof trainingChannels> {
  return {};
}
