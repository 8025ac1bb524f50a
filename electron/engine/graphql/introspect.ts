import { buildClientSchema, getIntrospectionQuery, printSchema, type IntrospectionQuery } from 'graphql';
import { KeyholeError } from '../../../shared/errors';
import type { Exchange, Folder, Request } from '../../../shared/model';
import { readBodyText } from '../http/response-body';
import type { Session } from '../session';

export type SchemaOutcome =
  | { ok: true; sdl: string; from: string }
  /** `exchange`: what was sent and received (raw, for the explainer), when the server answered. */
  | { ok: false; error: KeyholeError; exchange?: Exchange | undefined; masked?: Exchange | undefined };

/**
 * The request turned into the introspection query: same URL, headers, auth, settings (proxy, TLS),
 * so it goes where the request goes with what the request carries. Always a POST with a JSON body,
 * as GraphQL-over-HTTP servers accept it; scripts do not run (it is not the user's request).
 */
export function introspectionRequest(request: Request): Request {
  const { scripts: _scripts, ...rest } = request;
  return {
    ...rest,
    method: 'POST',
    body: { mode: 'graphql', query: getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }), variables: '', operationName: 'IntrospectionQuery' },
    expect: undefined,
  };
}

/**
 * Sends the introspection query through the session (the engine's normal path: variables, auth
 * profiles, cookies, redirects, proxy, TLS) and turns the answer into SDL, or says why not.
 */
export async function introspect(session: Session, request: Request, folders: readonly Folder[], o: { signal?: AbortSignal | undefined; runtime?: ReadonlyMap<string, string> | undefined } = {}): Promise<SchemaOutcome> {
  const sent = await session.send(introspectionRequest(request), folders, o.runtime, o.signal);
  const { exchange, masked } = sent;
  const url = masked.request.url;
  const fail = (code: KeyholeError['code'], message: string, hint: string): SchemaOutcome =>
    ({ ok: false, error: new KeyholeError(code, message, { hint, details: { status: exchange.response.status } }), exchange, masked });
  const { status, statusText } = exchange.response;
  if (status >= 400) {
    return fail(status === 401 || status === 403 || status === 407 ? 'auth-failed' : 'invalid-input',
      `The introspection query to ${url} got HTTP ${status}${statusText ? ` ${statusText}` : ''}`,
      'Check the request\'s URL and auth, or load the schema from an SDL file.');
  }
  let json: { data?: unknown; errors?: { message?: unknown }[] };
  try {
    json = JSON.parse(await readBodyText(exchange.response.body)) as typeof json;
  } catch {
    return fail('decode-failed', `The answer of ${url} to the introspection query is not JSON (HTTP ${status})`, 'Is this the GraphQL endpoint? Otherwise, load the schema from an SDL file.');
  }
  const data = json?.data as IntrospectionQuery | null | undefined;
  if (!data?.__schema) {
    const messages = (Array.isArray(json?.errors) ? json.errors : []).map((e) => String(e?.message ?? '')).filter((m) => m !== '');
    return fail('invalid-input',
      messages.length > 0 ? `${url} answered the introspection query with errors: ${messages.join('; ')}` : `${url} answered the introspection query without a schema`,
      'The server may have introspection turned off; load the schema from an SDL file instead.');
  }
  try {
    return { ok: true, sdl: printSchema(buildClientSchema(data)), from: url };
  } catch (e) {
    return fail('decode-failed', `The introspection answer of ${url} is not a valid schema: ${(e as Error).message}`, 'Load the schema from an SDL file instead.');
  }
}
