import { z } from 'zod';

/**
 * Where a file the user picked lives, as the renderer's api.importFile() returns it:
 * headless mode uploads it (uploadId resolved by Services.resolveUpload); the Electron shell hands over its path.
 */
export const fileSourceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('upload'), uploadId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/) }),
  z.strictObject({ kind: z.literal('path'), path: z.string().min(1) }),
]);
export type FileSource = z.infer<typeof fileSourceSchema>;
