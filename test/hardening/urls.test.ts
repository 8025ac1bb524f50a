import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepare } from '../../electron/engine/execute/prepare';
import { buildScopes } from '../../electron/engine/execute/scopes';
import { closeDispatchers } from '../../electron/engine/http';
import type { SecretStore } from '../../electron/engine/secrets';
import { openSession, type Session } from '../../electron/engine/session';
import { Collection, Request } from '../../shared/model';
import { echoHandler, startHttpServer, type HttpTestServer } from '../servers/http';
import { closeServer, trackSockets } from '../servers/running';

/**
 * Guarantee 6, last part: the URL shown to the user (the exchange's request URL) is the host and
 * path the server receives. Only 127.0.0.1 (and [::1] where the machine has it) is ever sent to;
 * URLs that point elsewhere are checked on the parsed target, before anything is sent.
 */
let server: HttpTestServer;
let session: Session;
const noSecrets: SecretStore = { get: async () => undefined, set: async () => {}, delete: async () => {}, describe: () => 'set it' };

beforeAll(async () => {
  server = await startHttpServer(echoHandler);
  session = await openSession({ collection: Collection.parse({ name: 'u' }), secrets: noSecrets, tempDir: await mkdtemp(join(tmpdir(), 'keyhole-urls-')) });
});
afterAll(async () => {
  await closeDispatchers();
  await server.close();
});

/** The target as the engine parses it, before sending. */
function target(url: string): URL {
  const collection = Collection.parse({ name: 'u' });
  const p = prepare({
    request: Request.parse({ name: 'u', url }), folders: [], collection, scopes: buildScopes({ collection }),
    dynamic: { now: () => new Date(0), random: () => 0, uuid: () => 'u' },
  });
  return new URL(p.request.url);
}

/** Sends (loopback only) and checks that what was shown is what the server got. */
async function sendAndCompare(url: string, srv: { requests: HttpTestServer['requests'] } = server) {
  const before = srv.requests.length;
  const sent = await session.send(Request.parse({ name: 'u', url }));
  const got = srv.requests.slice(before);
  expect(got).toHaveLength(1);
  const shown = new URL(sent.masked.request.url);
  expect(got[0]?.header('host')).toBe(shown.host);
  expect(got[0]?.url).toBe(`${shown.pathname}${shown.search}`);
  return { sent, got: got[0], shown };
}

describe('userinfo (decided like curl: sent as Basic, never in the URL)', () => {
  it('http://user:pw@127.0.0.1/ sends Authorization: Basic, keeps userinfo out of Host and out of the shown URL', async () => {
    const { sent, got, shown } = await sendAndCompare(`http://alice:pa%40ss@127.0.0.1:${server.port}/who`);
    expect(shown.username).toBe('');
    expect(sent.masked.request.url).not.toContain('alice');
    expect(got?.header('host')).toBe(`127.0.0.1:${server.port}`);
    expect(got?.header('authorization')).toBe(`Basic ${Buffer.from('alice:pa@ss').toString('base64')}`);
    expect(JSON.stringify(sent.masked)).not.toContain('pa@ss');
    expect(JSON.stringify(sent.masked)).not.toContain(Buffer.from('alice:pa@ss').toString('base64'));
    expect(sent.exchange.warnings.join('\n')).toMatch(/sent as Authorization: Basic/);
  });

  it('an explicit auth scheme wins over userinfo, which is dropped', async () => {
    const before = server.requests.length;
    const sent = await session.send(Request.parse({ name: 'u', url: `http://alice:pw@127.0.0.1:${server.port}/x`, auth: { type: 'bearer', token: 'tok-123456' } }));
    expect(server.requests[before]?.header('authorization')).toBe('Bearer tok-123456');
    expect(sent.masked.request.url).toBe(`http://127.0.0.1:${server.port}/x`);
  });

  it('userinfo in a redirect Location is neither sent nor shown', async () => {
    const bouncer = await startHttpServer((req, res) => {
      if (req.url === '/go') res.writeHead(302, { location: `http://mallory:x@127.0.0.1:${server.port}/landed` }).end();
      else res.writeHead(404).end();
    });
    try {
      const before = server.requests.length;
      const sent = await session.send(Request.parse({ name: 'u', url: `${bouncer.url}/go` }));
      expect(server.requests[before]?.header('authorization')).toBeUndefined();
      expect(sent.masked.request.url).toBe(`http://127.0.0.1:${server.port}/landed`);
    } finally {
      await bouncer.close();
    }
  });
});

describe('backslashes', () => {
  it('http://127.0.0.1:PORT\\@evil.example/ goes to 127.0.0.1 (a backslash is a slash), and says so', async () => {
    const url = `http://127.0.0.1:${server.port}\\@evil.example/`;
    expect(target(url).hostname).toBe('127.0.0.1');
    const { shown } = await sendAndCompare(url);
    expect(shown.hostname).toBe('127.0.0.1');
    expect(shown.pathname).toBe('/@evil.example/');
  });

  it('http://evil.example\\@127.0.0.1/ would go to evil.example, and that is what is shown (checked without sending)', () => {
    const t = target('http://evil.example\\@127.0.0.1/');
    expect(t.hostname).toBe('evil.example');
    expect(t.href).toBe('http://evil.example/@127.0.0.1/');
  });
});

describe('IDN and look-alikes (checked without sending)', () => {
  it('Unicode host names are shown and sent as punycode', () => {
    expect(target('http://bücher.example/x').host).toBe('xn--bcher-kva.example');
    // Cyrillic "а" in "аpple": the punycode form gives the look-alike away.
    expect(target('http://\u0430pple.example/').host).toBe('xn--pple-43d.example');
  });

  it('a fullwidth dot or an encoded host is normalised before it is shown', () => {
    expect(target('http://127\uFF0E0.0.1:1/').hostname).toBe('127.0.0.1');
    expect(target('http://%31%32%37.0.0.1:1/').hostname).toBe('127.0.0.1');
    expect(target('http://0x7f.1:1/').hostname).toBe('127.0.0.1');
  });
});

describe('percent-encoding', () => {
  it('dot segments and encoded slashes: the path shown is the path received', async () => {
    const { got } = await sendAndCompare(`http://127.0.0.1:${server.port}/a%2Fb/%2e%2e/c/./d?q=%41 b&r=ü`);
    expect(got?.url).toBe('/c/d?q=%41%20b&r=%C3%BC');
  });

  it('an encoded NUL or newline in the path stays encoded, never sent raw', async () => {
    const { got } = await sendAndCompare(`http://127.0.0.1:${server.port}/x%00y/a%0Ab`);
    expect(got?.url).toBe('/x%00y/a%0Ab');
  });

  it.each([['LF', '\n'], ['CR', '\r'], ['tab', '\t']])('a raw %s inside the URL is refused with its position, and nothing is sent', async (name, c) => {
    const before = server.requests.length;
    const url = `http://127.0.0.1:${server.port}/admin${c}/public`;
    const err = await session.send(Request.parse({ name: 'u', url })).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'url-invalid', details: { position: url.indexOf(c) + 1, character: name } });
    expect((err as Error).message).toContain(`line break (${name}) at character ${url.indexOf(c) + 1}`);
    // Without the check the parser drops it, and /admin/public is requested instead.
    expect(new URL(url).pathname).toBe('/admin/public');
    expect(server.requests.length).toBe(before);
  });

  it('the transport refuses one too (requests built elsewhere: scripts, tests)', async () => {
    const before = server.requests.length;
    const err = await session.sendPrepared({ method: 'GET', url: `http://127.0.0.1:${server.port}/a\r\nb`, headers: [], body: { kind: 'none' }, credentialHeaders: [], credentialQuery: [] }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'url-invalid', details: { position: `http://127.0.0.1:${server.port}/a`.length + 1, character: 'CR' } });
    expect(server.requests.length).toBe(before);
  });

  it('white space around the URL (a variable ending in a newline) is not inside it: trimmed, sent', async () => {
    const { got } = await sendAndCompare(`  http://127.0.0.1:${server.port}/trimmed\n`);
    expect(got?.url).toBe('/trimmed');
  });
});

describe('IPv6 literal', () => {
  it('http://[::1]:PORT/ shows and sends [::1]', async (ctx) => {
    const v6 = createServer(echoHandler);
    const sockets = trackSockets(v6);
    const listening = await new Promise<boolean>((resolve) => {
      v6.once('error', () => resolve(false));
      v6.listen(0, '::1', () => resolve(true));
    });
    if (!listening) {
      ctx.skip('this machine has no IPv6 loopback (::1)');
      return;
    }
    const port = (v6.address() as { port: number }).port;
    const received: string[] = [];
    v6.on('request', (req) => { received.push(`${req.headers.host} ${req.url}`); });
    try {
      const sent = await session.send(Request.parse({ name: 'v6', url: `http://[::1]:${port}/six?x=1` }));
      expect(sent.masked.request.url).toBe(`http://[::1]:${port}/six?x=1`);
      expect(received).toEqual([`[::1]:${port} /six?x=1`]);
    } finally {
      await closeServer(v6, sockets);
    }
  });
});
