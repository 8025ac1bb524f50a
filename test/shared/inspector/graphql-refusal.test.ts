import { describe, expect, it } from 'vitest';
import { ExplainEntry, explainExchanges, explainIfRefused, harToExchanges, readGraphqlRefusal } from '../../../shared/inspector';
import type { Exchange } from '../../../shared/model';

/**
 * GraphQL refusals inside a 200 (test/fixtures/refusals/graphql-*.har cover the vendors' shapes):
 * what counts as a GraphQL refusal and what does not, partial data, and where the auth came from.
 */

const T0 = '2026-11-20T09:30:00.000Z';

function exchange(body: unknown, o: { status?: number; req?: [string, string][]; profile?: string; environment?: string } = {}): Exchange {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const har = JSON.stringify({ log: { version: '1.2', creator: { name: 't', version: '1' }, entries: [{
    startedDateTime: T0, time: 1,
    request: { method: 'POST', url: 'https://api.example.test/graphql', httpVersion: 'HTTP/1.1', cookies: [], headers: (o.req ?? []).map(([name, value]) => ({ name, value })), queryString: [], headersSize: -1, bodySize: 0 },
    response: { status: o.status ?? 200, statusText: 'OK', httpVersion: 'HTTP/1.1', cookies: [], headers: [{ name: 'Content-Type', value: 'application/json' }], content: { size: text.length, mimeType: 'application/json', text }, redirectURL: '', headersSize: -1, bodySize: -1 },
    cache: {}, timings: { send: 0, wait: 1, receive: 0 },
  }] } });
  const r = harToExchanges(har);
  if (!r.ok) throw r.error;
  const ex = r.value[0]!;
  return { ...ex, ...(o.profile ? { profile: o.profile } : {}), ...(o.environment ? { environment: o.environment } : {}) };
}

const forbidden = { errors: [{ message: 'The audit log needs the ADMIN role.', path: ['auditLog'], extensions: { code: 'FORBIDDEN' } }], data: { users: [{ id: '1' }], auditLog: null } };
const bearer: [string, string] = ['Authorization', 'Bearer gql-reader-token-0123456789'];

describe('GraphQL refusals', () => {
  it('explain a FORBIDDEN field in a 200 with partial data: the path, the code, the rest that came back', () => {
    const entry = explainIfRefused(exchange(forbidden, { req: [bearer] }));
    expect(ExplainEntry.safeParse(entry).success).toBe(true);
    expect(entry?.status).toBe(200);
    expect(entry?.graphql).toEqual({ code: 'FORBIDDEN', paths: ['auditLog'], partial: true });
    const first = entry!.findings[0]!;
    expect(first.id).toBe('authenticated-but-forbidden');
    // FORBIDDEN says the credentials were read: "rejected" is not offered beside it.
    expect(entry!.findings.map((f) => f.id)).not.toContain('credentials-rejected');
    expect(first.evidence).toContain('GraphQL error at auditLog: "The audit log needs the ADMIN role."');
    expect(first.evidence.join('\n')).toMatch(/Partial data: users came back/);
    expect(first.fixes.join('\n')).toMatch(/leave auditLog out of the query/);
    // The token is quoted masked, and no line speaks of a 403 or a missing challenge that never were.
    expect(JSON.stringify(entry)).not.toContain('gql-reader-token-0123456789');
    expect(entry!.findings.flatMap((f) => f.evidence).some((e) => /^403 |WWW-Authenticate/.test(e))).toBe(false);
  });

  it('name the auth source: none, inline, or the profile and the environment that binds it', () => {
    const unauth = { errors: [{ message: 'You must be signed in to read `me`.', path: ['me'], extensions: { code: 'UNAUTHENTICATED' } }], data: null };
    const none = explainIfRefused(exchange(unauth))!;
    expect(none.findings[0]!.id).toBe('no-credentials');
    expect(none.findings[0]!.confidence).toBeGreaterThanOrEqual(0.9);
    expect(none.findings[0]!.evidence.join('\n')).toMatch(/Auth sent: none/);
    expect(explainIfRefused(exchange(forbidden, { req: [bearer] }))!.findings[0]!.evidence.join('\n')).toMatch(/Auth sent: Bearer, set inline/);
    const viaProfile = explainIfRefused(exchange(forbidden, { req: [bearer], profile: 'Reader', environment: 'staging' }))!;
    expect(viaProfile.findings[0]!.evidence.join('\n')).toMatch(/Auth sent: Bearer from the "Reader" profile \(environment "staging"\)/);
  });

  it('an UNAUTHENTICATED answer to a token that was sent says the token was refused, not that none was sent', () => {
    const entry = explainIfRefused(exchange({ errors: [{ message: 'Invalid token', extensions: { code: 'UNAUTHENTICATED' } }] }, { req: [bearer] }))!;
    expect(entry.findings[0]!.id).toBe('credentials-rejected');
    expect(entry.graphql?.paths).toEqual([]);
  });

  it('read a code by its vendor: Spring\'s UNAUTHORIZED to a token sent is a refused token, AppSync\'s Unauthorized a permission', () => {
    const spring = explainIfRefused(exchange({ errors: [{ message: 'Unauthorized', path: ['me'], extensions: { classification: 'UNAUTHORIZED' } }], data: { me: null } }, { req: [bearer] }))!;
    expect(spring.findings[0]!.id).toBe('credentials-rejected');
    const appsync = explainIfRefused(exchange({ data: { getPost: null }, errors: [{ path: ['getPost'], errorType: 'Unauthorized', message: 'Not Authorized to access getPost on type Query' }] }, { req: [bearer] }))!;
    expect(appsync.findings[0]!.id).toBe('authenticated-but-forbidden');
    expect(appsync.graphql).toEqual({ code: 'Unauthorized', paths: ['getPost'], partial: false });
  });

  it('leave alone GraphQL errors that refuse nothing, and REST bodies that merely have an errors list', () => {
    expect(readGraphqlRefusal(exchange({ errors: [{ message: 'Cannot query field "nope" on type "Query".', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] }))).toBeUndefined();
    expect(readGraphqlRefusal(exchange({ data: { me: { id: '1' } } }))).toBeUndefined();
    // A validation error that merely says "forbidden" is about the query, not the caller.
    expect(readGraphqlRefusal(exchange({ errors: [{ message: 'Argument "role" value ADMIN is forbidden here', extensions: { code: 'BAD_USER_INPUT' } }] }))).toBeUndefined();
    // Not a GraphQL response: it has keys besides data, errors and extensions.
    expect(explainIfRefused(exchange({ status: 'fail', errors: [{ message: 'Not authorized' }] }))).toBeUndefined();
    expect(explainIfRefused(exchange('{"errors": not json'))).toBeUndefined();
  });

  it('count only the refusing errors when several come back', () => {
    const r = readGraphqlRefusal(exchange({ errors: [
      { message: 'Cannot return null for non-nullable field User.email.', path: ['users', 0, 'email'] },
      { message: 'Not Authorised!', path: ['secret'] },
    ], data: { users: null, secret: null } }));
    expect(r?.errors.map((e) => e.path)).toEqual(['secret']);
  });

  it('are found in a list of exchanges (a HAR), each judged at its place', () => {
    const list = [exchange({ data: { hello: 'hi' } }), exchange(forbidden, { req: [bearer] })];
    const report = explainExchanges(list);
    expect(report.entries.map((e) => [e.index, e.status, e.graphql?.code])).toEqual([[1, 200, 'FORBIDDEN']]);
  });

  it('read a refusal past the first 16 KB of a large partial answer', () => {
    const big = { errors: forbidden.errors, data: { users: Array.from({ length: 2000 }, (_, i) => ({ id: String(i), name: `user number ${i}` })), auditLog: null } };
    expect(JSON.stringify(big).length).toBeGreaterThan(40_000);
    expect(explainIfRefused(exchange(big, { req: [bearer] }))?.graphql?.paths).toEqual(['auditLog']);
  });
});
