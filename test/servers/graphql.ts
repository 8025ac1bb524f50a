import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import type { GraphQLError as GraphQLErrorType, GraphQLSchema } from 'graphql';
import { createHandler } from 'graphql-http/lib/use/http';
import { startHttpServer, type HttpTestServer } from './http';

// graphql 16 ships CommonJS (main) and ESM (module) builds without an exports map: Node gives
// graphql-http the CommonJS one, Vite would give this file the ESM one, and graphql refuses a
// schema built by the other copy. Loading it as graphql-http does keeps one copy.
const { buildSchema, GraphQLError } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

/** The SDL the server runs; also a fixture for "schema from a .graphql file". */
export const graphqlSchemaPath = fileURLToPath(new URL('../fixtures/graphql/schema.graphql', import.meta.url));

/** Tokens the server accepts: admin sees everything, reader is refused `auditLog` with FORBIDDEN. */
export const graphqlTokens = { admin: 'gql-admin-token', reader: 'gql-reader-token' } as const;

/**
 * A GraphQL-over-HTTP server (graphql-http, the reference implementation) on 127.0.0.1:0:
 *   POST/GET /graphql   the schema in test/fixtures/graphql/schema.graphql; introspection allowed.
 *                       No token: `me` answers errors[].extensions.code UNAUTHENTICATED with HTTP 200;
 *                       a reader token: `auditLog` answers FORBIDDEN with HTTP 200.
 *   /strict             the same schema, but any request without a valid Bearer token gets HTTP 401
 *                       with a Bearer challenge (gateways that refuse before GraphQL runs).
 *   /sdl                the schema as text/plain SDL.
 * `o.sdl` serves another schema instead (a second server, another API), without resolvers.
 */
export async function startGraphqlServer(o: { sdl?: string } = {}): Promise<GraphqlTestServer> {
  const sdl = o.sdl ?? readFileSync(graphqlSchemaPath, 'utf8');
  const schema = buildSchema(sdl);
  const operations: SeenOperation[] = [];
  const handler = createHandler({
    schema,
    onSubscribe: (req, params) => {
      operations.push({
        path: new URL(req.url, 'http://x').pathname,
        operationName: params.operationName ?? undefined,
        introspection: /\b__schema\b/.test(params.query),
        authorization: authorizationOf(req.headers),
      });
    },
    rootValue: root(),
    context: (req) => ({ token: bearer(authorizationOf(req.headers)) }),
  });
  const server = await startHttpServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/sdl') return void res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(sdl);
    if (path === '/strict' && !known(bearer(req.headers.authorization))) {
      return void res
        .writeHead(401, { 'www-authenticate': 'Bearer realm="graphql", error="invalid_token"', 'content-type': 'application/json' })
        .end('{"errors":[{"message":"invalid or missing token"}]}');
    }
    if (path === '/graphql' || path === '/strict') {
      handler(req, res).catch(() => { if (!res.headersSent) res.writeHead(500).end(); });
      return;
    }
    res.writeHead(404).end();
  });
  return Object.assign(server, { operations });
}

/** What the GraphQL handler was asked to run, in order (after a /strict token check passed). */
export interface SeenOperation {
  path: string;
  operationName: string | undefined;
  /** The document asks for __schema: an introspection query. */
  introspection: boolean;
  authorization: string | undefined;
}

export interface GraphqlTestServer extends HttpTestServer {
  operations: SeenOperation[];
}

export type { GraphQLSchema };

interface Ctx { token: string | undefined }

const users = [
  { id: '1', name: 'Ada', email: 'ada@example.test', role: 'ADMIN' },
  { id: '2', name: 'Brian', email: null, role: 'READER' },
];

function root(): Record<string, unknown> {
  const withPosts = (u: (typeof users)[number]) => ({
    ...u,
    posts: ({ first }: { first: number }) => [{ id: `p-${u.id}`, title: `${u.name}'s post`, author: u }].slice(0, first),
  });
  return {
    hello: ({ name }: { name: string }) => `Hello, ${name}!`,
    me: (_: unknown, ctx: Ctx) => {
      if (!known(ctx.token)) throw refusal('You must be signed in to read `me`.', 'UNAUTHENTICATED');
      return withPosts(ctx.token === graphqlTokens.admin ? users[0]! : users[1]!);
    },
    user: ({ id }: { id: string }) => { const u = users.find((x) => x.id === id); return u ? withPosts(u) : null; },
    users: ({ first, role }: { first: number; role?: string }) => users.filter((u) => !role || u.role === role).slice(0, first).map(withPosts),
    auditLog: (_: unknown, ctx: Ctx) => {
      if (!known(ctx.token)) throw refusal('Sign in to read the audit log.', 'UNAUTHENTICATED');
      if (ctx.token !== graphqlTokens.admin) throw refusal('The audit log needs the ADMIN role.', 'FORBIDDEN');
      return ['login ada', 'login brian'];
    },
    createUser: ({ input }: { input: { name: string; email?: string; role?: string } }) =>
      withPosts({ id: String(users.length + 1), name: input.name, email: input.email ?? null, role: input.role ?? 'READER' }),
  };
}

function refusal(message: string, code: string): GraphQLErrorType {
  return new GraphQLError(message, { extensions: { code } });
}

/** graphql-http types its headers as Node's or a fetch-style getter; the Node server gives the former. */
function authorizationOf(headers: Record<string, unknown> | { get: (key: string) => string | null }): string | undefined {
  if (typeof headers.get === 'function') return (headers as { get: (key: string) => string | null }).get('authorization') ?? undefined;
  const v = (headers as Record<string, unknown>)['authorization'];
  return typeof v === 'string' ? v : undefined;
}

function bearer(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(.+)$/i.exec(header ?? '');
  return m?.[1];
}

function known(token: string | undefined): boolean {
  return token === graphqlTokens.admin || token === graphqlTokens.reader;
}
