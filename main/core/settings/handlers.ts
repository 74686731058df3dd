import { FairboundError } from '../../../shared/errors.js';
import type { settingsChannels } from '../../../shared/ipc/channels/settings.js';
import type { HandlersFor } from '../ipc/handler-types.js';
import type { Services } from '../services.js';
import { cpuCores, effectivePreferences } from './preferences.js';

/** Handlers of the preferences channels; whoever depends on a preference follows services.settings.onChange. */
export function settingsHandlers(services: Services): HandlersFor<typeof settingsChannels> {
  const view = () => {
    const cores = cpuCores();
    return { preferences: effectivePreferences(services.settings.get(), cores), cpuCores: cores };
  };
  return {
    async 'settings:get'() {
      return view();
    },

    async 'settings:update'({ jobsAtOnce }) {
      const cores = cpuCores();
      if (jobsAtOnce > cores) {
        throw new FairboundError(
          'invalid-payload',
          `Jobs run at once can be at most ${cores}, the number of CPU cores here (got ${jobsAtOnce}).`,
          {
            field: 'jobsAtOnce',
          },
        );
      }
      services.settings.update((s) => ({ ...s, jobsAtOnce }));
      return view();
    },
  };
}
