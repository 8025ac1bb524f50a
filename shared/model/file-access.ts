import { z } from 'zod';

/**
 * What the user allowed one collection beyond its own folder (SECURITY.md, guarantee 10). It is
 * kept in the user's state, never in the collection's files: a collection cannot grant itself
 * access to the user's other files.
 */
export const FileAccess = z.object({
  /** Requests may upload files from anywhere the user can read, not only from the collection folder. */
  allowFilesOutside: z.boolean().default(false),
});
export type FileAccess = z.infer<typeof FileAccess>;
