import { createHash } from 'node:crypto';
import type { Folder, Request } from '../../../shared/model';
import { prepare } from '../execute/prepare';
import type { Session } from '../session';
import { dynamicSources } from '../variables/postman-random';
import { introspectionRequest } from './introspect';

/**
 * What decides the answer to a request's introspection query, as one SHA-256: the URL, headers
 * and auth with the session's variables resolved (the environment's, the scripts' runtime ones),
 * the cookies the jar would send with it (a login cookie is a credential too), the profile and
 * environment, and the TLS and proxy settings. Two asks with the same key reach
 * the same server with the same credentials; another environment, token or URL gives another key.
 * Only the hash is kept, never the values it was made of (they hold secrets). Undefined when the
 * request does not resolve (an unknown variable): the introspection then fails and says why.
 */
export function introspectionKey(session: Pick<Session, 'collection' | 'environment' | 'scopes' | 'cookieJar'>, request: Request, folders: readonly Folder[], now: () => Date): string | undefined {
  let p;
  try {
    p = prepare({ request: introspectionRequest(request), folders, collection: session.collection, environment: session.environment, scopes: session.scopes, dynamic: dynamicSources(now) });
  } catch {
    return undefined;
  }
  const decides = {
    url: p.request.url, headers: p.request.headers, auth: p.auth, profile: p.profile ?? null, environment: session.environment?.name ?? null,
    tls: p.settings.tls, proxy: p.settings.proxy, cookies: p.settings.disableCookies ? '' : cookiesFor(session.cookieJar, p.request.url),
  };
  return createHash('sha256').update(JSON.stringify(decides)).digest('hex');
}

/** The Cookie header the jar would send to `url` (the session's jar is in memory, so read at once). */
function cookiesFor(jar: Session['cookieJar'], url: string): string {
  try {
    return jar.getCookieStringSync(url);
  } catch {
    return '';
  }
}
