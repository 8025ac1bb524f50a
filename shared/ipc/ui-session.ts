import { z } from 'zod';
import { AnyRequest } from '../model';

/**
 * What the app puts back after a restart (or a reload of the page in browser mode): open tabs in
 * order with their unsaved drafts, the active tab, the active collection, each collection's
 * environment, expanded folders and pane sizes. The engine keeps it in its state folder; secret
 * values typed into drafts go to the secret store (`secrets` names where they were), never into
 * the file.
 */
export const SessionTab = z.object({
  id: z.string().min(1).max(100),
  collectionId: z.string().optional(),
  /** The saved request the tab is bound to (its item id). */
  requestId: z.string().optional(),
  /** The draft: present only for a tab with unsaved edits (a clean tab reopens from its file). */
  draft: AnyRequest.optional(),
  /** True when the draft differs from the saved request (or the tab has no saved request). */
  dirty: z.boolean().default(false),
  /** The request file's version the draft was made from: a different file on disk is a conflict. */
  version: z.string().optional(),
  /** Draft fields whose secret values live in the secret store (`auth.password`, `header.2`). */
  secrets: z.array(z.string()).default([]),
  /** Some secret value of the draft could not be kept (the store refused it): it was dropped. */
  dropped: z.boolean().default(false),
});
export type SessionTab = z.infer<typeof SessionTab>;

export const UiSession = z.object({
  version: z.literal(1).default(1),
  tabs: z.array(SessionTab).max(500).default([]),
  activeTabId: z.string().optional(),
  activeCollectionId: z.string().optional(),
  /** Per collection: the environment chosen, or null for "No environment". */
  environments: z.record(z.string(), z.string().nullable()).default({}),
  /** Per collection: the ids of its expanded folders. */
  expanded: z.record(z.string(), z.array(z.string())).default({}),
  /** Per pane group: each pane's size in percent. */
  layout: z.record(z.string(), z.record(z.string(), z.number())).default({}),
});
export type UiSession = z.infer<typeof UiSession>;

export const LoadedSession = z.object({
  session: UiSession.nullable(),
  /** Per tab id, what could not be brought back (a secret the store no longer has). */
  notes: z.record(z.string(), z.array(z.string())).default({}),
});
export type LoadedSession = z.infer<typeof LoadedSession>;
