import type { appChannels } from '../../../shared/ipc/channels/app.js';
import type { Services } from '../services.js';
import type { HandlersFor } from './handler-types.js';

export function appHandlers(services: Services): HandlersFor<typeof appChannels> {
  return {
    'app:info': () =>
      Promise.resolve({
        name: 'Fairbound',
        version: services.appVersion,
        transport: services.transport,
        dataDir: services.dataDir,
        notices: services.settings.problem === null ? [] : [services.settings.problem],
      }),
  };
}
