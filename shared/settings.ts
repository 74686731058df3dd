import { z } from 'zod';

/**
 * Training jobs that may run at once, across all projects. At least one; the upper bound is the machine's CPU core
 * count, which only main knows, so main checks it. One by default: on a CPU backend two jobs only share the cores.
 */
export const jobsAtOnceSchema = z.number().int().min(1);

/** settings.json (electron-store in the shell, conf elsewhere): preferences and the projects index only. */
export const settingsSchema = z.object({
  /** Last known name per project id; lets the home screen name a project whose project.json is damaged. */
  projectNames: z.record(z.string(), z.string()).default({}),
  window: z
    .object({ width: z.number().int().min(400), height: z.number().int().min(300) })
    .nullable()
    .default(null),
  jobsAtOnce: jobsAtOnceSchema.default(1),
});
export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = settingsSchema.parse({});

/** The preferences a user edits in the app (the rest of settings.json is the app's own bookkeeping). */
export const preferencesSchema = z.object({ jobsAtOnce: jobsAtOnceSchema });
export type Preferences = z.infer<typeof preferencesSchema>;
