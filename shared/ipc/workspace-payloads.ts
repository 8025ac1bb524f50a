import { z } from 'zod';
import { Collection, Environment } from '../model';
import { CollectionId } from './ids';

// What the app is told about the host, the open workspace, its variables and history, and what
// importing, exporting and "Generate code" answer.

export const SecretStorageInfo = z.object({
  /** The backend doing the encryption: safeStorage's backend name, or 'memory' / 'file'. */
  backend: z.string(),
  /** True only when an OS keychain protects the secrets (not Linux's basic_text, not plain files). */
  osEncrypted: z.boolean(),
  /** A sentence for the user when secrets are not protected by the OS. */
  warning: z.string().optional(),
});
export type SecretStorageInfo = z.infer<typeof SecretStorageInfo>;

export const AppInfo = z.object({
  version: z.string(),
  host: z.enum(['electron', 'browser']),
  platform: z.string(),
  secretStorage: SecretStorageInfo,
});
export type AppInfo = z.infer<typeof AppInfo>;

/** A collection folder of the workspace with its environments (they live in the collection folder). */
export const WorkspaceCollection = z.object({
  id: CollectionId,
  collection: Collection,
  /** Secret values are never here: secret variables and secret auth fields arrive empty. */
  environments: z.array(Environment).default([]),
  /** Per environment ('' = collection variables), the secret keys the store holds a value for. */
  storedSecrets: z.record(z.string(), z.array(z.string())).default({}),
  /** Files that could not be loaded, as sentences naming file and field. */
  problems: z.array(z.string()).default([]),
  /** sha256 of each file as loaded; saves pass them back as `expected` to detect changes on disk. */
  versions: z.record(z.string(), z.string()).default({}),
  /** Each request's and folder's file (a key of `versions`) by item id. */
  files: z.record(z.string(), z.string()).default({}),
});
export type WorkspaceCollection = z.infer<typeof WorkspaceCollection>;

export const WorkspaceState = z.object({
  root: z.string(),
  collections: z.array(WorkspaceCollection),
});
export type WorkspaceState = z.infer<typeof WorkspaceState>;

export const VariableInfo = z.object({
  name: z.string(),
  scope: z.enum(['runtime', 'environment', 'collection', 'globals', 'dynamic']),
  /** Masked for secrets; dynamic values ({{$guid}}) show what they produce, not a sample. */
  value: z.string(),
  secret: z.boolean(),
  missing: z.boolean().default(false),
});
export type VariableInfo = z.infer<typeof VariableInfo>;

/** One line of the History list; `history.get` gives the whole entry. */
export const HistoryItem = z.object({
  id: z.string(),
  method: z.string(),
  /** Resolved, credentials masked. */
  url: z.string(),
  /** 0 when nothing came back (`errorCode` says why). */
  status: z.number().int(),
  startedAt: z.string(),
  totalMs: z.number(),
  environment: z.string().optional(),
  name: z.string().optional(),
  collectionId: z.string().optional(),
  requestId: z.string().optional(),
  errorCode: z.string().optional(),
  /** Secret values of the composed request were not kept: re-opening it needs them typed again. */
  secretsOmitted: z.boolean().default(false),
  /** A WebSocket request (its handshake, and the connection when it opened). */
  websocket: z.boolean().optional(),
  /** Frames (messages) sent and received on an opened WebSocket or a gRPC call. */
  frames: z.object({ sent: z.number().int(), received: z.number().int() }).optional(),
  /** A gRPC call: its method (`package.Service/Method`) and final status name (`OK`, `UNAUTHENTICATED`). */
  grpc: z.object({ rpc: z.string(), status: z.string().optional() }).optional(),
});
export type HistoryItem = z.infer<typeof HistoryItem>;

/** Something the source held that the import could not carry, where it was and why. */
export const ImportNoteInfo = z.object({
  /** The request or folder it belonged to, by name (`Orders / Get user`), when it belonged to one. */
  item: z.string().optional(),
  /** The place in the source document (`item[0].item[2].request.auth`). */
  place: z.string(),
  kind: z.string(),
  message: z.string(),
});
export type ImportNoteInfo = z.infer<typeof ImportNoteInfo>;

export const ImportResultInfo = z.object({
  format: z.string(),
  collectionId: CollectionId.optional(),
  environments: z.array(z.string()),
  requests: z.number().int().nonnegative().default(0),
  folders: z.number().int().nonnegative().default(0),
  /** One sentence per credential moved to the secret store, with the {{reference}} left in its place. */
  movedSecrets: z.array(z.string()).default([]),
  /** Every item not carried over, each with why. */
  notCarried: z.array(ImportNoteInfo).default([]),
  /** What was written as asked but is worth telling the user. */
  warnings: z.array(z.string()),
});
export type ImportResultInfo = z.infer<typeof ImportResultInfo>;

export const ExportFormat = z.object({ id: z.string(), label: z.string(), extension: z.string() });
export type ExportFormat = z.infer<typeof ExportFormat>;

/** The languages "Generate code" offers: the engine's httpsnippet targets (exporters/snippet.ts). */
export const SnippetLang = z.enum(['curl', 'httpie', 'python', 'fetch', 'go', 'java', 'csharp', 'undici']);
export type SnippetLang = z.infer<typeof SnippetLang>;
export const Snippet = z.object({ output: z.string(), secretsBlanked: z.array(z.string()), notes: z.array(z.string()) });
export type Snippet = z.infer<typeof Snippet>;
