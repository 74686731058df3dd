import { z } from 'zod';
import { preferencesSchema } from '../../settings.js';
import { channel } from '../define.js';

/** The preferences as saved, with the bounds this machine puts on them. */
const preferencesViewSchema = z.object({
  preferences: preferencesSchema,
  /** CPU cores here: the most jobs that may run at once. */
  cpuCores: z.number().int().min(1),
});
export type PreferencesView = z.infer<typeof preferencesViewSchema>;

/** Channels of the app's preferences ("settings:verb"); they apply at once, without a restart. */
export const settingsChannels = {
  'settings:get': channel(z.strictObject({}), preferencesViewSchema),
  /** Saves the whole set of preferences; answers with them as saved. */
  'settings:update': channel(z.strictObject(preferencesSchema.shape), preferencesViewSchema),
};
