import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import type { GraphQLSchema } from 'graphql';
import { createHandler } from 'graphql-http/lib/use/http';
import { startHttpServer, type HttpTestServer } from './http';

/** The SDL the server runs; also a fixture for "schema from a .graphql file". */
// graphql-http runs in Node and loads graphql's CommonJS build, while vite resolves `import 'graphql'`
// to its ESM build: two graphql modules, and graphql refuses a schema made by the other one. The
// schema and errors are made with the build graphql-http uses.
const { buildSchema, GraphQLError } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

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
 */
export async function startGraphqlServer(): Promise<HttpTestServer> {
  const sdl = readFileSync(graphqlSchemaPath, 'utf8');
  const schema = buildSchema(sdl);
  const handler = createHandler({
    schema,
    rootValue: root(),
    context: (req) => ({ token: bearer(typeof req.headers.get === 'function' ? req.headers.get('authorization') ?? undefined : (req.headers as Record<string, string | undefined>).authorization) }),
  });
  return startHttpServer((req, res) => {
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

function refusal(message: string, code: string): InstanceType<typeof GraphQLError> {
  return new GraphQLError(message, { extensions: { code } });
}

function bearer(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(.+)$/i.exec(header ?? '');
  return m?.[1];
}

function known(token: string | undefined): boolean {
  return token === graphqlTokens.admin || token === graphqlTokens.reader;
}
