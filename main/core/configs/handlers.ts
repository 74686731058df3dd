import type { configsChannels } from '../../../shared/ipc/channels/configs.js';
import type { HandlersFor } from '../ipc/handler-types.js';
import type { Services } from '../services.js';

/** Handlers of the configs channels. */
export function configsHandlers(_services: Services): HandlersFor<typeof configsChannels> {
  return {};
}
