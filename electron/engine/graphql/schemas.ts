import { KeyholeError, toKeyholeError } from '../../../shared/errors';
import { explainIfRefused, type ExplainEntry } from '../../../shared/inspector';
import type { GraphqlSchemaResult } from '../../../shared/ipc/graphql';
import type { Exchange, Folder, Request } from '../../../shared/model';
import type { FilePolicy } from '../execute/file-policy';
import type { Session } from '../session';
import { introspect } from './introspect';
import { readSdlFile } from './sdl-file';

export interface SchemaAsk {
  request: Request;
  folders: readonly Folder[];
  collectionId?: string | undefined;
  /** The saved request's id: the cache is per request; an unsaved tab is keyed by its URL. */
  requestId?: string | undefined;
  /** Ask the server (or read the file) again instead of answering from the cache. */
  refresh: boolean;
}

export interface SchemaDeps {
  session: () => Promise<Session>;
  /** Where an SDL file may come from (the collection's folder, or what the user allowed). */
  policy: () => Promise<FilePolicy | undefined>;
  /** The explainer's context for a refused introspection (earlier logins, cookies). */
  earlier: () => readonly Exchange[];
  signal?: AbortSignal | undefined;
}

type Loaded = Extract<GraphqlSchemaResult, { ok: true }>;
const KEEP = 50;

/**
 * The schemas of GraphQL requests, cached in memory per request and source (never in the
 * collection's files): opening a tab again does not introspect again; Refresh does.
 */
export class GraphqlSchemas {
  private readonly kept = new Map<string, { source: string; loaded: Loaded }>();

  constructor(private readonly now: () => Date) {}

  async get(ask: SchemaAsk, deps: SchemaDeps): Promise<GraphqlSchemaResult> {
    const { request } = ask;
    if (request.body.mode !== 'graphql') {
      return { ok: false, error: new KeyholeError('invalid-input', `Request ${request.name} has no GraphQL body`, { hint: 'Choose the graphql body type first.' }).toJSON() };
    }
    const source = request.body.schema ?? { source: 'introspection' as const };
    const key = `${ask.collectionId ?? ''}\u0000${ask.requestId ?? request.url}`;
    const sourceKey = source.source === 'file' ? `file\u0000${source.path}` : `introspection\u0000${request.url}`;
    const hit = this.kept.get(key);
    if (!ask.refresh && hit?.source === sourceKey) return { ...hit.loaded, cached: true };
    try {
      let sdl: string;
      let from: string;
      if (source.source === 'file') {
        sdl = await readSdlFile(source.path, await deps.policy(), request.name);
        from = source.path;
      } else {
        const out = await introspect(await deps.session(), request, ask.folders, { signal: deps.signal });
        if (!out.ok) return refusedOrFailed(out.error, out.exchange, deps.earlier());
        ({ sdl, from } = out);
      }
      const loaded: Loaded = { ok: true, sdl, source: source.source, from, fetchedAt: this.now().toISOString(), cached: false };
      this.kept.delete(key);
      this.kept.set(key, { source: sourceKey, loaded });
      while (this.kept.size > KEEP) this.kept.delete(this.kept.keys().next().value as string);
      return loaded;
    } catch (e) {
      return { ok: false, error: toKeyholeError(e).toJSON() };
    }
  }
}

/**
 * A failed introspection in the explainer's words when the server refused it (the same findings
 * and fixes as the inspector's cards), otherwise the failure itself.
 */
function refusedOrFailed(error: KeyholeError, exchange: Exchange | undefined, earlier: readonly Exchange[]): GraphqlSchemaResult {
  const explanation: ExplainEntry | undefined = exchange ? explainIfRefused(exchange, earlier) : undefined;
  const top = explanation?.findings[0];
  if (!explanation || !top) return { ok: false, error: error.toJSON() };
  const fix = top.fixes[0];
  return {
    ok: false,
    error: { code: 'auth-failed', message: `${error.message}: ${top.title}`, ...(fix ? { hint: fix } : {}) },
    explanation,
  };
}
