import { z } from 'zod';
import { Auth } from './auth';
import { ItemId } from './item-id';
import { Request, RequestSettings } from './request';
import { Variable } from './variables';
import { GrpcRequest } from './grpc';
import { WebSocketRequest } from './websocket';

/** A named auth slot that requests refer to; each environment binds it (environment.ts). */
export const ProfileSlot = z.object({
  name: z.string().min(1),
  description: z.string().optional(),
  /** Origins (scheme://host:port) this profile may send credentials to; empty = no restriction. */
  allowedOrigins: z.array(z.string()).default([]),
});
export type ProfileSlot = z.infer<typeof ProfileSlot>;

const Scripts = z.object({ preRequest: z.string().optional(), test: z.string().optional() });

export interface Folder {
  name: string;
  description?: string | undefined;
  auth: z.infer<typeof Auth>;
  settings: z.infer<typeof RequestSettings>;
  scripts?: z.infer<typeof Scripts> | undefined;
  items: Item[];
  id?: string | undefined;
}
/** A tree entry: an HTTP request, a WebSocket or gRPC request (each its own `kind`) or a folder. */
export type Item = ({ kind: 'request' } & Request) | WebSocketRequest | GrpcRequest | ({ kind: 'folder' } & Folder);

export const Folder: z.ZodType<Folder, unknown> = z.lazy(() =>
  z.object({
    name: z.string().min(1),
    description: z.string().optional(),
    auth: Auth.default({ type: 'inherit' }),
    settings: RequestSettings.default({}),
    scripts: Scripts.optional(),
    items: z.array(Item).default([]),
    id: ItemId.optional(),
  }),
);

export const Item: z.ZodType<Item, unknown> = z.lazy(() =>
  z.union([
    Request.extend({ kind: z.literal('request') }),
    WebSocketRequest,
    GrpcRequest,
    z.object({ kind: z.literal('folder') }).and(Folder),
  ]),
) as z.ZodType<Item, unknown>;

export const Collection = z.object({
  /** The on-disk format version: a later format will bring files of this one up to it. */
  keyhole: z.literal(1).default(1),
  name: z.string().min(1),
  description: z.string().optional(),
  variables: z.array(Variable).default([]),
  auth: Auth.default({ type: 'none' }),
  settings: RequestSettings.default({}),
  profiles: z.array(ProfileSlot).default([]),
  scripts: Scripts.optional(),
  /**
   * A {{variable}} that resolves to nothing: 'error' (Keyhole's default) refuses the request,
   * naming it, so a literal {{token}} never reaches the wire; 'literal' sends the text as written,
   * as Postman does, with a warning naming each variable. Postman imports get 'literal'.
   */
  unresolvedVariables: z.enum(['error', 'literal']).optional(),
  /**
   * Whose run semantics where Keyhole's and Postman's differ. 'postman' (Postman imports): a
   * pre-request script that throws is reported and its request still sent and tested; a request
   * that could not be sent still runs its test scripts, with an empty response; an auth round trip
   * (a Digest challenge answered) reports both executions, as newman does.
   */
  semantics: z.enum(['keyhole', 'postman']).optional(),
  items: z.array(Item).default([]),
});
export type Collection = z.infer<typeof Collection>;

/**
 * The collection, then every folder and request under it, depth first: each level that carries
 * auth and scripts, for code that needs all of them (the scripts a run loads, the profiles an
 * export binds).
 */
export function* collectionLevels(collection: Collection): Generator<Collection | Item> {
  yield collection;
  yield* itemsUnder(collection.items);
}

function* itemsUnder(items: readonly Item[]): Generator<Item> {
  for (const it of items) {
    yield it;
    if (it.kind === 'folder') yield* itemsUnder(it.items);
  }
}
