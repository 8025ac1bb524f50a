import { randomUUID } from 'node:crypto';
import type { KeyholeError } from '../../../shared/errors';
import { redactor } from '../../../shared/mask';
import type { Folder, HistoryAuth, HistoryEntry, Request } from '../../../shared/model';
import { resolveText } from '../../../shared/variables';
import { effectiveAuth } from '../execute/auth-chain';
import type { SentExchange, Session } from '../session';
import { composedOf } from './composed';
import { failedUrl, sentOf } from './sent';

/** A send from the app, as the request.send handler knows it. */
export interface SendContext {
  request: Request;
  collectionId?: string | undefined;
  requestId?: string | undefined;
  environment?: string | undefined;
  /** Names of the request's folders, outermost first, and the folders themselves when found. */
  folderNames: readonly string[];
  folders: readonly Folder[];
  /** The session it went through; absent when none could open (an unknown environment). */
  session?: Pick<Session, 'collection' | 'environment' | 'secretValues' | 'scopes'> | undefined;
}

/** Request bodies (as sent, and as composed) are kept up to this many bytes each. */
export const DEFAULT_BODY_CAP = 64 * 1024;

export function entryOfSend(ctx: SendContext, sent: SentExchange, bodyCap = DEFAULT_BODY_CAP): HistoryEntry {
  const e = sent.masked;
  return {
    id: e.id,
    startedAt: e.startedAt,
    totalMs: e.timings.total,
    ...common(ctx, e.environment, sent.secrets, bodyCap),
    sent: sentOf(e, sent.body, sent.secrets, bodyCap),
    status: e.response.status,
    statusText: e.response.statusText,
  };
}

/** A send that failed before a response (network, timeout, an unresolved variable, a script). */
export function entryOfFailure(ctx: SendContext, error: KeyholeError, startedAt: Date, totalMs: number, bodyCap = DEFAULT_BODY_CAP): HistoryEntry {
  const secrets = ctx.session?.secretValues ?? [];
  return {
    id: randomUUID(),
    startedAt: startedAt.toISOString(),
    totalMs,
    ...common(ctx, ctx.session?.environment?.name, secrets, bodyCap),
    sent: { method: ctx.request.method.toUpperCase(), url: failedUrl(resolvedUrl(ctx, startedAt), secrets), headers: [] },
    error: { code: error.code, message: redactor(secrets)(error.message) },
  };
}

function common(ctx: SendContext, environment: string | undefined, secrets: readonly string[], bodyCap: number) {
  const composed = composedOf(ctx.request, secrets, bodyCap);
  return {
    name: ctx.request.name,
    ...(ctx.collectionId === undefined ? {} : { collectionId: ctx.collectionId }),
    ...(ctx.requestId === undefined ? {} : { requestId: ctx.requestId }),
    ...(environment === undefined ? {} : { environment }),
    folders: [...ctx.folderNames],
    auth: authOf(ctx),
    composed: composed.request,
    omitted: composed.omitted,
  };
}

/** The scheme that decided, and the profile and environment when it came from one; never a value. */
function authOf(ctx: SendContext): HistoryAuth {
  const own = ctx.request.auth;
  const fallback: HistoryAuth = own.type === 'profile'
    ? { scheme: 'profile', profile: own.profile, ...(ctx.environment === undefined ? {} : { environment: ctx.environment }) }
    : { scheme: own.type };
  const s = ctx.session;
  if (!s) return fallback;
  try {
    const eff = effectiveAuth(own, ctx.folders, s.collection, s.environment, ctx.request.name);
    return {
      scheme: eff.auth.type,
      source: eff.source,
      ...(eff.profile === undefined ? {} : { profile: eff.profile, ...(s.environment ? { environment: s.environment.name } : {}) }),
    };
  } catch {
    // The profile is not bound in this environment: the send failed for that, and says so.
    return fallback;
  }
}

/** The URL with what variables resolve; as composed when they do not (that may be why it failed). */
function resolvedUrl(ctx: SendContext, at: Date): string {
  if (!ctx.session) return ctx.request.url;
  try {
    return resolveText(ctx.request.url, { scopes: ctx.session.scopes, dynamic: { now: () => at, random: Math.random, uuid: randomUUID }, where: 'the URL' }).text;
  } catch {
    return ctx.request.url;
  }
}
