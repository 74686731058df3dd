import { z } from 'zod';

/** settings.json (electron-store in the shell, conf elsewhere): preferences and the projects index only. */
export const settingsSchema = z.object({
  /** Last known name per project id; lets the home screen name a project whose project.json is damaged. */
  projectNames: z.record(z.string(), z.string()).default({}),
  window: z
    .object({ width: z.number().int().min(400), height: z.number().int().min(300) })
    .nullable()
    .default(null),
});
export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = settingsSchema.parse({});
