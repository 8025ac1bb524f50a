import { z } from 'zod';

// The ids the channels and their payloads share; private to shared/ipc (the index does not export them).
export const Id = z.string().min(1).max(200);
/** A collection inside the open workspace: its folder name under the workspace root. */
export const CollectionId = Id.regex(/^[^/\\]+$/, 'a collection id is a folder name, not a path');
