import { KeyholeError, toKeyholeError } from '../../../shared/errors';
import { explainIfRefused, type ExplainEntry } from '../../../shared/inspector';
import type { GraphqlSchemaResult } from '../../../shared/ipc/graphql';
import type { Exchange, Folder, Request } from '../../../shared/model';
import type { FilePolicy } from '../execute/file-policy';
import type { Session } from '../session';
import { introspect } from './introspect';
import { introspectionKey } from './schema-key';
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
 * collection's files): opening a tab again does not introspect again; Refresh does. An
 * introspected schema is kept under the hash of what decides it (resolved URL, headers, auth,
 * environment, TLS and proxy: introspectionKey), so switching the environment, the token or the
 * URL asks the server again instead of answering with another server's schema.
 */
export class GraphqlSchemas {
  /** By request and source key (the SDL file, or the hash of what decides an introspection), oldest first. */
  private readonly kept = new Map<string, Loaded>();

  constructor(private readonly now: () => Date) {}

  async get(ask: SchemaAsk, deps: SchemaDeps): Promise<GraphqlSchemaResult> {
    const { request } = ask;
    if (request.body.mode !== 'graphql') {
      return { ok: false, error: new KeyholeError('invalid-input', `Request ${request.name} has no GraphQL body`, { hint: 'Choose the graphql body type first.' }).toJSON() };
    }
    const source = request.body.schema ?? { source: 'introspection' as const };
    const key = `${ask.collectionId ?? ''}\u0000${ask.requestId ?? request.url}`;
    const session = source.source === 'file' ? undefined : await deps.session().catch(() => undefined);
    const decided = session ? introspectionKey(session, request, ask.folders, this.now) : undefined;
    const sourceKey = source.source === 'file' ? `file\u0000${source.path}` : `introspection\u0000${decided ?? `unresolved ${request.url}`}`;
    // Each request keeps a schema per source it was asked with: switching back to an environment answers at once.
    const slot = `${key}\u0000${sourceKey}`;
    const hit = this.kept.get(slot);
    // An introspection whose request does not resolve is never answered from the cache: it fails anew and says why.
    if (!ask.refresh && hit && (source.source === 'file' || decided !== undefined)) return { ...hit, cached: true };
    try {
      let sdl: string;
      let from: string;
      if (source.source === 'file') {
        sdl = await readSdlFile(source.path, await deps.policy(), request.name);
        from = source.path;
      } else {
        const out = await introspect(session ?? await deps.session(), request, ask.folders, { signal: deps.signal });
        if (!out.ok) return refusedOrFailed(out.error, out.exchange, deps.earlier());
        ({ sdl, from } = out);
      }
      const environment = session?.environment?.name;
      const loaded: Loaded = { ok: true, sdl, source: source.source, from, fetchedAt: this.now().toISOString(), cached: false, ...(environment === undefined ? {} : { environment }) };
      this.kept.delete(slot);
      this.kept.set(slot, loaded);
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
