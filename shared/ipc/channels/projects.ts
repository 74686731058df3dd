import { z } from 'zod';
import { boundedJsonObject } from '../json-limits.js';
import { projectSchema, projectSummarySchema } from '../../project.js';
import { channel } from '../define.js';

/** Project ids name folders on disk, so they are restricted to a path-safe alphabet. */
export const projectIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'not a valid project id');

/** Control and text-direction override characters are dropped: a name must read as it is stored. */
const projectNameSchema = z
  .string()
  .transform((name) => name.replace(/[\p{Cc}\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/gu, ''))
  .pipe(z.string().trim().min(1, 'name must not be empty').max(200, 'name is too long'));

/** Channels of the projects domain ("projects:verb"). */
export const projectsChannels = {
  'projects:list': channel(z.strictObject({}), z.array(projectSummarySchema)),
  /** fromSample: the project starts with the bundled ACSIncome (Oklahoma) dataset when the data domain can import it. */
  'projects:create': channel(
    z.strictObject({ name: projectNameSchema, fromSample: z.boolean().optional() }),
    projectSchema,
  ),
  'projects:get': channel(z.strictObject({ id: projectIdSchema }), projectSchema),
  'projects:rename': channel(z.strictObject({ id: projectIdSchema, name: projectNameSchema }), projectSchema),
  'projects:duplicate': channel(z.strictObject({ id: projectIdSchema }), projectSchema),
  'projects:delete': channel(z.strictObject({ id: projectIdSchema }), z.object({ id: z.string() })),
  /** Stores the task draft being edited (validated against taskConfigSchema only when a job starts). */
  'projects:update-task': channel(
    z.strictObject({ id: projectIdSchema, task: boundedJsonObject().nullable() }),
    projectSchema,
  ),
};

/** Events of the projects domain pushed from main to the renderer. */
export const projectsEvents = {
  /** Any write to a project (including writes by other domains through the repository). */
  'projects:changed': z.object({ id: z.string(), removed: z.boolean() }),
};
