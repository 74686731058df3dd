import { z } from 'zod';
import { fileSourceSchema } from '../file-source.js';
import { channel } from '../define.js';
import { projectIdSchema } from './projects.js';

/** A config file is small; anything bigger is not a task config. */
const configJsonSchema = z.string().min(2).max(1_000_000, 'config text is larger than 1 MB');

/** Channels that move task configs between projects and files ("configs:verb"). */
export const configsChannels = {
  /**
   * The project's task as a validated TaskConfig (data.path = the dataset's original file) and as pretty JSON, ready
   * to save as `<fileName>` and run with `fairbound run`.
   */
  'configs:export': channel(
    z.strictObject({ projectId: projectIdSchema }),
    z.object({
      config: z.record(z.string(), z.unknown()),
      json: z.string(),
      fileName: z.string(),
      warnings: z.array(z.string()),
    }),
  ),
  /**
   * A new project from a config: `json` is the file's text (data.path must then be absolute, or `data` names the
   * dataset file instead), `path` a config file on disk (data.path relative to its folder, as in the CLI).
   */
  'configs:import': channel(
    z.union([
      z.strictObject({ json: configJsonSchema, data: fileSourceSchema.optional() }),
      z.strictObject({ path: z.string().min(1) }),
    ]),
    z.object({ projectId: z.string(), name: z.string() }),
  ),
};

export const configsEvents = {};
