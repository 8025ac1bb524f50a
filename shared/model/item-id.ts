import { z } from 'zod';

/**
 * A request's or folder's identity inside its collection. It is written in the item's file (`id:`),
 * so it survives rename, move, reload and edits made outside the app (git pull, a text editor);
 * a duplicate gets a new one. A file without one (hand-written, imported, older) is given one
 * derived from its path when loaded, and keeps it in the file from its next write on.
 */
export const ItemId = z.string().regex(/^[A-Za-z0-9_-]{4,64}$/, 'an item id is 4-64 letters, digits, - or _');
export type ItemId = z.infer<typeof ItemId>;

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/** A new random id (`r` + 12 base-36 characters, ~62 bits): never reused, never derived from a name. */
export function newItemId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  let out = 'r';
  for (const b of bytes) out += ALPHABET[b % 36];
  return out;
}
