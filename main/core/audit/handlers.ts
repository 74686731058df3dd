import type { auditChannels } from '../../../shared/ipc/channels/audit.js';
import type { HandlersFor } from '../ipc/handler-types.js';
import type { Services } from '../services.js';

/** Handlers of the audit channels. */
export function auditHandlers(_services: Services): HandlersFor<typeof auditChannels> {
  return {};
}
