import fc from 'fast-check';
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { mkdtemp, readdir, rm, unlink, writeFile, mkdir } from 'node:fs/promises';
import { request } from 'node:http';
import type { Readable } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDispatchers, readBodyBytes, send } from '../../electron/engine/http';
import { KeyholeError } from '../../shared/errors';
import { ROOT, spawnCli } from '../cli/spawn-cli';
import { context, prepared } from '../engine/http/helpers';
import { startHttpServer, type HttpTestServer } from '../servers/http';
import { CHAIN_LAYERS, startHostileServer, type HostileServer } from '../servers/hostile';

/**
 * Guarantee 6 for responses: no response, however malformed, crashes the process or leaves a
 * stream error unhandled. A fuzzed decode path (bodies cut at every coding stage, bytes past the
 * end of the compressed data, connections dropped mid-body, readers that stop early), then the
 * processes that run the engine (the CLI, the browser bridge) against a 1,000-layer
 * Content-Encoding chain, each followed by a request that must still work.
 */
const RUNS = Number(process.env.KEYHOLE_FUZZ_RUNS ?? 200);
const HANG_MS = 20_000;

type Coding = 'gzip' | 'deflate' | 'raw-deflate' | 'br' | 'x-unknown';
const ENCODE: Record<Coding, (b: Buffer) => Buffer> = {
  gzip: (b) => gzipSync(b),
  deflate: (b) => deflateSync(b),
  'raw-deflate': (b) => deflateRawSync(b),
  br: (b) => brotliCompressSync(b),
  'x-unknown': (b) => Buffer.concat([Buffer.from('XU'), b]),
};
/** What the header says for each coding: raw deflate is sent as "deflate", as some servers do. */
const DECLARED: Record<Coding, string> = { gzip: 'gzip', deflate: 'deflate', 'raw-deflate': 'deflate', br: 'br', 'x-unknown': 'x-unknown' };

interface Plan {
  content: Buffer;
  /** In the order applied (innermost first). */
  codings: Coding[];
  /** After applying codings[stage], only `keep` of the bytes go on: a body cut at that stage. */
  cut: { stage: number; keep: number } | null;
  /** Bytes after the last coding's end: a remainder the decoder never asked for. */
  remainder: Buffer;
  /** The header names the codings applied, one fewer (innermost left encoded) or one more. */
  declared: 'exact' | 'one-less' | 'one-more';
  /** length: Content-Length; chunked; short: Content-Length promises more, then the connection closes; reset: closed halfway. */
  delivery: 'length' | 'chunked' | 'short' | 'reset';
  /** The body goes out in this many writes, with a turn of the server's event loop between them. */
  pieces: number;
  /** Sent as a redirect's body: drained unread (never decoded) before the redirect is followed. */
  redirect: boolean;
  maxDecodedBodyBytes: number | undefined;
  maxBodyInMemoryBytes: number;
}

function wireBody(p: Plan): Buffer {
  let b = p.content;
  p.codings.forEach((c, i) => {
    b = ENCODE[c](b);
    if (p.cut?.stage === i) b = b.subarray(0, Math.floor(b.length * p.cut.keep));
  });
  return Buffer.concat([b, p.remainder]);
}

function declaredCodings(p: Plan): string[] {
  const names = p.codings.map((c) => DECLARED[c]);
  if (p.declared === 'one-less') names.shift();
  if (p.declared === 'one-more') names.push('gzip');
  // Content-Encoding lists codings in the order they were applied.
  return names;
}

const plan: fc.Arbitrary<Plan> = fc.record({
  content: fc.oneof(
    fc.uint8Array({ maxLength: 4096 }).map((a) => Buffer.from(a)),
    fc.tuple(fc.string({ maxLength: 40 }), fc.nat({ max: 400 })).map(([s, n]) => Buffer.from(s.repeat(n + 1))),
  ),
  // Up to 7 so that lists past the 5-layer limit come up too.
  codings: fc.array(fc.constantFrom<Coding>('gzip', 'deflate', 'raw-deflate', 'br', 'x-unknown'), { maxLength: 7 }),
  cut: fc.option(fc.record({ stage: fc.nat({ max: 6 }), keep: fc.double({ min: 0, max: 1, noNaN: true }) })),
  remainder: fc.oneof(fc.constant(Buffer.alloc(0)), fc.uint8Array({ minLength: 1, maxLength: 64 }).map((a) => Buffer.from(a))),
  declared: fc.constantFrom<Plan['declared']>('exact', 'exact', 'one-less', 'one-more'),
  delivery: fc.constantFrom<Plan['delivery']>('length', 'chunked', 'short', 'reset'),
  pieces: fc.integer({ min: 1, max: 6 }),
  redirect: fc.boolean(),
  maxDecodedBodyBytes: fc.constantFrom(undefined, 64, 2048),
  maxBodyInMemoryBytes: fc.constantFrom(10 * 1024 * 1024, 512),
});

/** The plan of each request, by the number in its path. */
const plans = new Map<number, Plan>();
let server: HttpTestServer;

const turn = (): Promise<void> => new Promise((r) => setImmediate(r));

beforeAll(async () => {
  server = await startHttpServer((req, res) => {
    req.resume();
    const p = plans.get(Number(/^\/p\/(\d+)$/.exec(req.url ?? '')?.[1]));
    if (!p) {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('plain');
      return;
    }
    const body = wireBody(p);
    const headers: Record<string, string | number> = { 'content-type': 'application/octet-stream' };
    const codings = declaredCodings(p);
    if (codings.length > 0) headers['content-encoding'] = codings.join(', ');
    if (p.delivery === 'length') headers['content-length'] = body.length;
    if (p.delivery === 'short') headers['content-length'] = body.length + 100;
    if (p.redirect) headers['location'] = '/plain';
    res.on('error', () => undefined);
    res.writeHead(p.redirect ? 302 : 200, headers);
    res.flushHeaders();
    const size = Math.ceil(body.length / p.pieces) || 1;
    const stopAt = p.delivery === 'reset' ? Math.floor(body.length / 2) : body.length;
    void (async () => {
      for (let at = 0; at < stopAt; at += size) {
        await turn();
        if (res.destroyed) return;
        res.write(body.subarray(at, Math.min(at + size, stopAt)));
      }
      await turn();
      if (p.delivery === 'short' || p.delivery === 'reset') res.socket?.destroy();
      else res.end();
    })();
  });
});
afterAll(async () => {
  await closeDispatchers();
  await server.close();
});

/** What an intact response must decode to, or undefined when the plan damages it. */
function expected(p: Plan): Buffer | undefined {
  const whole = p.delivery === 'length' || p.delivery === 'chunked';
  if (p.redirect) return whole && (p.maxDecodedBodyBytes === undefined || wireBody(p).length <= p.maxDecodedBodyBytes) ? Buffer.from('plain') : undefined;
  const intact = p.cut === null && p.remainder.length === 0 && p.declared === 'exact' && whole;
  if (!intact || p.codings.length > 5) return undefined;
  if (p.codings.includes('x-unknown')) return wireBody(p);
  if (p.maxDecodedBodyBytes !== undefined && p.content.length > p.maxDecodedBodyBytes) return undefined;
  return p.content;
}

describe(`a fuzzed decode path (${RUNS} responses) never crashes and never leaves a stream error unhandled`, () => {
  it('every response ends in an exchange or a KeyholeError, with no uncaught error and no partial temp file', async () => {
    const uncaught: unknown[] = [];
    const record = (e: unknown): void => { uncaught.push(e); };
    process.on('uncaughtException', record);
    process.on('unhandledRejection', record);
    const dir = await mkdtemp(join(tmpdir(), 'keyhole-decode-fuzz-'));
    let n = 0;
    try {
      await fc.assert(fc.asyncProperty(plan, async (p) => {
        const id = n++;
        plans.set(id, p);
        // Every response here is whole or cut within milliseconds; a decoder that waits for an event
        // that never comes shows as the total timeout, which no plan may reach.
        const ctx = await context({ timeoutMs: HANG_MS, maxDecodedBodyBytes: p.maxDecodedBodyBytes, maxBodyInMemoryBytes: p.maxBodyInMemoryBytes }, { tempDir: dir });
        const outcome = await send(prepared(`${server.url}/p/${id}`), ctx).then((ex) => ({ ex }), (e: unknown) => ({ e }));
        plans.delete(id);
        // An unhandled 'error' event is thrown on a later tick than the one that settled the send.
        for (let i = 0; i < 3; i++) await turn();
        expect(uncaught).toEqual([]);
        if ('e' in outcome) {
          expect(outcome.e).toBeInstanceOf(KeyholeError);
          expect((outcome.e as KeyholeError).code).not.toBe('timeout');
          if (p.codings.length > 5 && p.declared === 'exact' && !p.redirect) expect(outcome.e).toMatchObject({ code: 'decode-failed' });
          expect(await readdir(dir)).toEqual([]);
          return;
        }
        const body = outcome.ex.response.body;
        const want = expected(p);
        if (want !== undefined) expect(Buffer.from(await readBodyBytes(body)).equals(want)).toBe(true);
        if (body.storage === 'file') await unlink(body.path);
      }), { numRuns: RUNS, endOnFailure: true });
    } finally {
      process.off('uncaughtException', record);
      process.off('unhandledRejection', record);
      await rm(dir, { recursive: true, force: true });
    }
    // And the transport still works afterwards.
    const ex = await send(prepared(`${server.url}/plain`), await context());
    expect(ex.response.status).toBe(200);
  }, 180_000);
});

describe('a 1,000-layer Content-Encoding chain', () => {
  let chain: HostileServer;
  beforeAll(async () => { chain = await startHostileServer('encoding-chain'); });
  afterAll(async () => { await chain.close(); });

  it('keyhole send prints one keyhole: line (and its hint), no crash report, exit 1', async () => {
    const r = await spawnCli(['send', `${chain.url}/chain`], { from: 'source' });
    expect(r.code).toBe(1);
    const lines = r.err.trimEnd().split('\n');
    expect(lines[0]).toMatch(new RegExp(`^keyhole: Response has ${CHAIN_LAYERS} Content-Encoding layers \\(gzip, gzip, gzip, gzip, gzip, gzip, …\\); at most 5 are decoded$`));
    expect(lines.slice(1)).toEqual([expect.stringMatching(/^ {2}hint: /)]);
    expect(r.err).not.toMatch(/Unhandled|node:events|^\s+at /m);
  }, 60_000);

  it('keyhole run reports the refused response and goes on to the next request, which passes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keyhole-chain-run-'));
    try {
      await writeFile(join(dir, 'collection.yaml'), 'keyhole: 1\nname: chain\norder:\n  - chain.request.yaml\n  - plain.request.yaml\n');
      await writeFile(join(dir, 'chain.request.yaml'), `name: Chain\nmethod: GET\nurl: ${chain.url}/chain\n`);
      await writeFile(join(dir, 'plain.request.yaml'), `name: Plain\nmethod: GET\nurl: ${server.url}/plain\n`);
      const r = await spawnCli(['run', dir], { from: 'source' });
      expect(r.code).toBe(1);
      expect(r.out).toMatch(/Chain[\s\S]*1000 Content-Encoding layers/);
      expect(r.out).toMatch(/✓ Plain\s+GET \S+\/plain\s+200/);
      expect(r.err).not.toMatch(/Unhandled|node:events/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('the browser bridge (npm run web) answers decode-failed and stays up: the next request works', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keyhole-chain-bridge-'));
    await mkdir(join(dir, 'renderer'));
    await writeFile(join(dir, 'renderer', 'index.html'), '<!doctype html><title>Keyhole</title>');
    const child = spawn(process.execPath, ['--import', 'tsx', 'electron/bridge/cli.ts', '--static-dir', join(dir, 'renderer'), '--workspace', join(dir, 'ws')], {
      cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: dir, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString('utf8'); });
    try {
      const open = new URL(await openUrl(child));
      const token = new URLSearchParams(open.hash.slice(1)).get('token') ?? '';
      const call = (input: unknown) => bridgeCall(open, token, 'request.send', input);
      const sendOf = (url: string, sendId: string) => ({ sendId, request: { name: 'r', method: 'GET', url } });

      const refused = await call(sendOf(`${chain.url}/chain`, 'chain'));
      expect(refused).toMatchObject({ ok: false, error: { code: 'decode-failed' } });
      for (let i = 0; i < 5; i++) await turn();
      const next = await call(sendOf(`${server.url}/plain`, 'plain'));
      expect(next).toMatchObject({ ok: true, value: { exchange: { response: { status: 200 } } } });
      expect(child.exitCode).toBeNull();
      expect(stderr).not.toMatch(/Unhandled|node:events/);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('close', r));
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

/** The bridge prints "Open: URL" once it listens. */
function openUrl(child: ChildProcessByStdio<null, Readable, Readable>): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      const m = /^Open: (\S+)$/m.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.once('close', (code) => reject(new Error(`the bridge exited (${code}) before listening: ${out}`)));
  });
}

function bridgeCall(open: URL, token: string, channel: string, input: unknown): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify(input);
    const req = request({
      host: '127.0.0.1', port: Number(open.port), path: `/api/${channel}`, method: 'POST',
      headers: { host: open.host, origin: open.origin, 'content-type': 'application/json', 'x-keyhole-token': token },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown));
    });
    req.on('error', reject);
    req.end(body);
  });
}
