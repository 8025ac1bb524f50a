import { z } from 'zod';
import { Collection, Environment } from '../model';
import { finish } from './build';
import { isRecord, type ImportInput } from './document';
import type { Importer, ImportOptions, ImportResult } from './types';
import { parseForeign } from './zod-path';

/**
 * Keyhole's single-file archive: one YAML or JSON document holding a collection and its
 * environments, with secret values left empty (secrets travel only when exported on purpose).
 */
export const ARCHIVE_VERSION = 1;
export const KeyholeArchive = z.object({
  keyholeArchive: z.literal(ARCHIVE_VERSION),
  exportedAt: z.string().optional(),
  collection: Collection,
  environments: z.array(Environment).default([]),
});
export type KeyholeArchive = z.infer<typeof KeyholeArchive>;

export function isArchive(doc: unknown): boolean {
  return isRecord(doc) && doc.keyholeArchive !== undefined && isRecord(doc.collection);
}

export function parseArchive(input: ImportInput, opts: ImportOptions = {}): ImportResult {
  const a = parseForeign(KeyholeArchive, input.doc, 'Keyhole archive', input.file);
  return finish('keyhole-archive', { ...a.collection, ...(opts.name ? { name: opts.name } : {}) }, a.environments, []);
}

export const archiveImporter: Importer = { format: 'keyhole-archive', detect: (i) => isArchive(i.doc), parse: parseArchive };
