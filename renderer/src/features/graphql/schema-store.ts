import { useEffect, useMemo } from 'react';
import { buildSchema, type GraphQLSchema } from 'graphql';
import type { GraphqlSchemaResult } from '../../../../shared/ipc';
import type { KeyholeErrorShape } from '../../../../shared/errors';
import { api } from '../../lib/api';
import { createStore, useStore } from '../../lib/store';
import { placeOf, tabs, tabError, type Tab } from '../../state/tabs';
import { collectionById, environmentOf } from '../../state/workspace';

export interface SchemaState {
  /** Which source this state is for; a change of source loads again. */
  source: string;
  loading: boolean;
  loaded?: Extract<GraphqlSchemaResult, { ok: true }> | undefined;
  schema?: GraphQLSchema | undefined;
  error?: KeyholeErrorShape | undefined;
}

/** Per tab: the schema its GraphQL editor uses, kept while the app runs (the engine caches too). */
const schemas = createStore<Record<string, SchemaState>>({});

const sourceKey = (t: Tab): string => (t.draft.body.mode === 'graphql' ? JSON.stringify(t.draft.body.schema ?? { source: 'introspection' }) : '');

/**
 * Asks the engine for a tab's schema (graphql.schema, with the tab's collection, folders and
 * environment, as a send has them). `refresh` makes the engine introspect (or read the file) again.
 */
export async function loadSchema(tabId: string, refresh: boolean): Promise<void> {
  const t = tabs.get().tabs.find((x) => x.id === tabId);
  if (!t || t.draft.body.mode !== 'graphql') return;
  const source = sourceKey(t);
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

/** The tab's schema state; loads it when the tab's GraphQL editor first shows or its source changes. */
export function useTabSchema(tab: Tab): SchemaState | undefined {
  const source = sourceKey(tab);
  const state = useStore(schemas, (s) => s[tab.id]);
  useEffect(() => {
    const s = schemas.get()[tab.id];
    if (!s || s.source !== source) void loadSchema(tab.id, false);
  }, [tab.id, source]);
  return useMemo(() => (state?.source === source ? state : undefined), [state, source]);
}
