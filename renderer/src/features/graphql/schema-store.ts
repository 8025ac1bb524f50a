import { useEffect, useMemo } from 'react';
import { buildSchema, type GraphQLSchema } from 'graphql';
import type { GraphqlSchemaResult } from '../../../../shared/ipc';
import type { KeyholeErrorShape } from '../../../../shared/errors';
import { api } from '../../lib/api';
import { createStore, useStore } from '../../lib/store';
import { placeOf, tabs, tabError, type Tab } from '../../state/tabs';
import { collectionById, environmentOf } from '../../state/workspace';

export interface SchemaState {
  /** Which source and context (schemaKey) this state is for; a change of either loads again. */
  source: string;
  loading: boolean;
  loaded?: Extract<GraphqlSchemaResult, { ok: true }> | undefined;
  schema?: GraphQLSchema | undefined;
  error?: KeyholeErrorShape | undefined;
}

/** Per tab: the schema its GraphQL editor uses, kept while the app runs (the engine caches too). */
const schemas = createStore<Record<string, SchemaState>>({});

const sourceKey = (t: Tab): string => (t.draft.body.mode === 'graphql' ? JSON.stringify(t.draft.body.schema ?? { source: 'introspection' }) : '');

/** FNV-1a, 32 bits: a short key for a long context; the engine keeps its own cache by a SHA-256 of the resolved request. */
function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16);
}

/**
 * What the schema of a tab depends on: its source, and for an introspection everything the
 * query goes out with (the environment and its values, the URL, headers, auth, settings, the
 * collection's variables and auth). A change asks the engine again; the engine answers from its
 * cache when the request resolves as before, and introspects when it reaches another server or
 * carries other credentials.
 */
function schemaKey(t: Tab): string {
  const source = sourceKey(t);
  if (t.draft.body.mode !== 'graphql' || t.draft.body.schema?.source === 'file') return source;
  const wc = collectionById(t.collectionId);
  const envName = environmentOf(t.collectionId);
  const env = wc?.environments.find((e) => e.name === envName);
  const d = t.draft;
  const c = wc?.collection;
  return `${source}\u0000${shortHash(JSON.stringify([envName ?? null, env ?? null, d.url, d.query, d.headers, d.auth, d.settings, placeOf(t)?.folders ?? [], c?.variables ?? [], c?.auth ?? null, c?.settings ?? null]))}`;
}

/**
 * Asks the engine for a tab's schema (graphql.schema, with the tab's collection, folders and
 * environment, as a send has them). `refresh` makes the engine introspect (or read the file) again.
 */
export async function loadSchema(tabId: string, refresh: boolean): Promise<void> {
  const t = tabs.get().tabs.find((x) => x.id === tabId);
  if (!t || t.draft.body.mode !== 'graphql') return;
  const source = schemaKey(t);
  const set = (s: SchemaState): void => schemas.set((all) => ({ ...all, [tabId]: s }));
  const before = schemas.get()[tabId];
  set({ ...(before?.source === source ? before : {}), source, loading: true });
  const env = environmentOf(t.collectionId);
  const collectionId = collectionById(t.collectionId)?.id;
  let result: GraphqlSchemaResult;
  try {
    result = await api['graphql.schema']({
      request: t.draft, folders: placeOf(t)?.folders ?? [], refresh, ...(t.requestId ? { requestId: t.requestId } : {}),
      ...(collectionId ? { collectionId } : {}), ...(env ? { environment: env } : {}),
    });
  } catch (e) {
    const { code, message, hint } = tabError(e);
    result = { ok: false, error: { code: code as KeyholeErrorShape['code'], message, ...(hint ? { hint } : {}) } };
  }
  if (!result.ok) return set({ source, loading: false, error: result.error, ...(before?.source === source ? { loaded: before.loaded, schema: before.schema } : {}) });
  let schema: GraphQLSchema;
  try {
    schema = buildSchema(result.sdl, { assumeValidSDL: true });
  } catch (e) {
    return set({ source, loading: false, error: { code: 'decode-failed', message: `The schema does not build: ${(e as Error).message}` } });
  }
  set({ source, loading: false, loaded: result, schema });
}

/** Typing in the URL or a header changes the context key by key: the engine is asked once the typing paused. */
const CONTEXT_DELAY = 400;

/**
 * The tab's schema state; loads it when the tab's GraphQL editor first shows, when its source
 * changes, and when what the introspection goes out with changes (another environment, URL,
 * header or auth). Until the new answer is in, the schema of the old context is not used:
 * completion must never offer another server's fields.
 */
export function useTabSchema(tab: Tab): SchemaState | undefined {
  const source = schemaKey(tab);
  const state = useStore(schemas, (s) => s[tab.id]);
  useEffect(() => {
    const s = schemas.get()[tab.id];
    if (s?.source === source) return undefined;
    // A first load, or another source, is asked at once; a changed context once the typing paused.
    const sameSource = s !== undefined && s.source.split('\u0000')[0] === source.split('\u0000')[0];
    const timer = setTimeout(() => void loadSchema(tab.id, false), sameSource ? CONTEXT_DELAY : 0);
    return () => clearTimeout(timer);
  }, [tab.id, source]);
  return useMemo(() => (state === undefined ? undefined : state.source === source ? state : { source, loading: true }), [state, source]);
}
