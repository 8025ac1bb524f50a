import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphqlTokens, startGraphqlServer } from '../servers/graphql';
import type { HttpTestServer } from '../servers/http';
import { keyhole as runCli } from './harness';

/**
 * A GraphQL server refuses inside an HTTP 200 (test/servers/graphql.ts: UNAUTHENTICATED without a
 * token, FORBIDDEN on auditLog for the reader): `keyhole send` and `keyhole run` treat that as
 * they treat a 401/403, exiting 1 with the explainer's diagnosis and fix, and pass the admin.
 */

let gql: HttpTestServer;
beforeAll(async () => { gql = await startGraphqlServer(); });
afterAll(async () => { await gql.close(); });

const query = (q: string): string[] => ['-X', 'POST', '-H', 'Content-Type: application/json', '-d', JSON.stringify({ query: q })];

describe('keyhole send to a GraphQL server', () => {
  it('exits 1 and explains UNAUTHENTICATED in a 200 when no token was sent', async () => {
    const r = await runCli(['send', `${gql.url}/graphql`, ...query('{ me { name } }')]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/HTTP\/1\.1 200 OK/);
    expect(r.out).toMatch(/why: The request carried no credentials \[no-credentials, \d+%\]/);
    expect(r.out).toMatch(/fix: Add the credentials/);
  });

  it('exits 1 and explains FORBIDDEN on one field for the reader, the token masked', async () => {
    const r = await runCli(['send', `${gql.url}/graphql`, ...query('{ me { name } auditLog }'), '--oauth2-bearer', graphqlTokens.reader]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/"code": "FORBIDDEN"/);
    expect(r.out).toMatch(/why: The server knows who you are and still says no.*\[authenticated-but-forbidden/);
    expect(r.out).toMatch(/fix: /);
    expect(r.out).not.toContain(graphqlTokens.reader);
  });

  it('carries the findings in --json, and exits 0 with no diagnosis for the admin', async () => {
    const refused = await runCli(['send', `${gql.url}/graphql`, ...query('{ auditLog }'), '--oauth2-bearer', graphqlTokens.reader, '--json']);
    expect(refused.code).toBe(1);
    const view = JSON.parse(refused.out) as { response: { status: number }; findings?: { id: string; evidence: string[] }[] };
    expect(view.response.status).toBe(200);
    expect(view.findings?.[0]?.id).toBe('authenticated-but-forbidden');
    expect(view.findings?.[0]?.evidence).toContain('GraphQL error at auditLog: "The audit log needs the ADMIN role."');
    const ok = await runCli(['send', `${gql.url}/graphql`, ...query('{ auditLog }'), '--oauth2-bearer', graphqlTokens.admin]);
    expect(ok.code).toBe(0);
    expect(ok.out).not.toMatch(/why:/);
  });
});

describe('keyhole run with GraphQL requests', () => {
  it('fails the refused ones with the diagnosis beneath, passes the admin, exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyhole-run-gql-'));
    mkdirSync(join(dir, 'environments'));
    writeFileSync(join(dir, 'collection.yaml'), `keyhole: 1\nname: GraphQL\nvariables:\n  - key: base\n    value: ${gql.url}\nsettings:\n  proxy:\n    mode: none\norder:\n  - anonymous.request.yaml\n  - reader.request.yaml\n  - admin.request.yaml\n`);
    const request = (name: string, auth: string): string => [
      `name: ${name}`, 'method: POST', 'url: "{{base}}/graphql"',
      'body:', '  mode: graphql', '  query: "query Audit($n: Int!) { users(first: $n) { name } auditLog }"', '  variables: \'{"n": 1}\'', auth, '',
    ].join('\n');
    writeFileSync(join(dir, 'anonymous.request.yaml'), request('Anonymous', ''));
    writeFileSync(join(dir, 'reader.request.yaml'), request('Reader', 'auth:\n  type: bearer\n  token: "{{readerToken}}"'));
    writeFileSync(join(dir, 'admin.request.yaml'), request('Admin', 'auth:\n  type: bearer\n  token: "{{adminToken}}"'));
    const report = join(dir, 'report.json');
    const r = await runCli(['run', dir, '--env-var', `readerToken=${graphqlTokens.reader}`, '--env-var', `adminToken=${graphqlTokens.admin}`, '-r', 'cli,json', '--json-out', report]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/✗ Anonymous .* 200 .*\n {4}✗ no GraphQL refusal: got 200 OK, but GraphQL refused auditLog \(UNAUTHENTICATED\)\n {4}why: The request carried no credentials \[no-credentials/);
    expect(r.out).toMatch(/✗ Reader .* 200 .*\n {4}✗ no GraphQL refusal: got 200 OK, but GraphQL refused auditLog \(FORBIDDEN\)\n {4}why: .*\[authenticated-but-forbidden/);
    expect(r.out).toMatch(/✓ Admin .* 200/);
    expect(r.out).toMatch(/3 requests, 2 failed/);
    expect(r.out + readFileSync(report, 'utf8')).not.toContain(graphqlTokens.reader);
  });
});
