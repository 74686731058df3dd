import { z } from 'zod';
import { channel } from '../define.js';

export const appChannels = {
  'app:info': channel(
    z.strictObject({}),
    z.object({
      name: z.string(),
      version: z.string(),
      transport: z.enum(['electron', 'http']),
      dataDir: z.string(),
      /** Things the user must be told at start-up (e.g. an invalid settings file was backed up and reset). */
      notices: z.array(z.string()),
    }),
  ),
};
