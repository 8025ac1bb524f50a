import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamMessage } from '../../shared/model';
import { testPki, writePkiFiles, type TestPkiFiles } from '../servers/certs';
import { GREETER_PROTO, GRPC_PROTO_DIR, grpcJwt, startGrpcServer, type GrpcTestServer } from '../servers/grpc';
import { BIN } from './spawn-cli';

let server: GrpcTestServer;
let tls: GrpcTestServer;
let pki: TestPkiFiles;
beforeAll(async () => {
  const material = await testPki();
  pki = await writePkiFiles(material);
  [server, tls] = await Promise.all([startGrpcServer(), startGrpcServer({ tls: { pki: material } })]);
});
afterAll(async () => { await Promise.all([server.close(), tls.close()]); });

/** `node bin/keyhole.js ...` as a user runs it, from a folder that is not a collection. */
function cli(args: string[], cwd = mkdtempSync(join(tmpdir(), 'keyhole-grpc-cwd-'))): Promise<{ code: number | null; out: string; err: string }> {
  const state = mkdtempSync(join(tmpdir(), 'keyhole-cli-grpc-'));
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd, env: { PATH: process.env.PATH ?? '', HOME: state, XDG_STATE_HOME: state, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => { out += c.toString('utf8'); });
  child.stderr.on('data', (c: Buffer) => { err += c.toString('utf8'); });
  return new Promise((resolve) => {
    child.on('close', (code) => { rmSync(state, { recursive: true, force: true }); resolve({ code, out, err }); });
  });
}

const rpc = (m: string): string => `${server.url}/keyhole.greeter.v1.Greeter/${m}`;
const FILES = ['--proto', join(GRPC_PROTO_DIR, GREETER_PROTO), '--import-path', GRPC_PROTO_DIR];

describe('keyhole send grpc://', () => {
  it('calls a unary method from .proto files with import paths, prints the messages as lines and exits 0', async () => {
    const r = await cli(['send', rpc('SayHello'), '-d', '{"name":"ada","mood":"MOOD_HAPPY"}', ...FILES]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/→ [\d.]+s message \d+ B {2}\{"name":"ada","mood":"MOOD_HAPPY"\}/);
    expect(r.out).toMatch(/← [\d.]+s message \d+ B {2}\{"message":"Hello ada","mood":"MOOD_HAPPY"\}/);
    expect(r.out).toContain('gRPC 0 OK');
  });

  it('finds the method by server reflection and sends each -d of a bidirectional call, as JSON lines with --json', async () => {
    const r = await cli(['send', rpc('Chat'), '-d', '{"text":"one"}', '-d', '{"text":"two"}', '--json']);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l) as StreamMessage & { grpc?: { status: { code: number } } });
    expect(lines.filter((m) => m.type === 'message').map((m) => `${m.direction} ${m.data}`)).toEqual([
      'out {"text":"one"}', 'out {"text":"two"}', 'in {"text":"echo: one"}', 'in {"text":"echo: two"}',
    ].sort((a, b) => (a.startsWith('out') === b.startsWith('out') ? 0 : a.startsWith('out') ? -1 : 1)));
    expect(lines.at(-1)?.grpc?.status.code).toBe(0);
  });

  it('sends -H as metadata and prints response headers and trailers with -i', async () => {
    const r = await cli(['send', rpc('Metadata'), '-H', 'x-trace: t-7', '-i']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('"x-trace":"t-7"');
    expect(r.out).toContain('x-served-by: keyhole-test');
    expect(r.out).toContain('trailer x-trailer: done');
  });

  it('exits 1 on PERMISSION_DENIED with the explainer\'s diagnosis, never printing the token', async () => {
    const token = await grpcJwt({ scope: 'read' });
    const r = await cli(['send', rpc('Whoami'), '--oauth2-bearer', token]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('gRPC 7 PERMISSION_DENIED: insufficient scope: requires scope admin');
    expect(r.out).toMatch(/why: .*\[insufficient-scope, \d+%\]/);
    expect(r.out).toContain('fix: ');
    expect(r.out + r.err).not.toContain(token);
  });

  it('exits 1 on UNAUTHENTICATED without credentials, explained as the missing credential', async () => {
    const r = await cli(['send', rpc('Whoami')]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('gRPC 16 UNAUTHENTICATED: missing bearer token');
    expect(r.out).toMatch(/why: .*\[no-credentials, \d+%\]/);
  });

  it('exits 1 past its deadline (--max-time), and speaks TLS to grpcs:// with --cacert', async () => {
    const slow = await cli(['send', rpc('Slow'), '-d', '{"ms":5000}', '--max-time', '0.2']);
    expect(slow.code).toBe(1);
    expect(slow.out).toContain('gRPC 4 DEADLINE_EXCEEDED');
    const secure = await cli(['send', `${tls.url}/keyhole.greeter.v1.Greeter/SayHello`, '-d', '{"name":"tls"}', '--cacert', pki.caFile]);
    expect(secure.code).toBe(0);
    expect(secure.out).toContain('"message":"Hello tls"');
  });

  it('refuses a URL without a method and a message field the type lacks, exiting 2 with the reason', async () => {
    const none = await cli(['send', server.url, '-d', '{}']);
    expect(none.code).toBe(2);
    expect(none.err).toContain('names no method');
    const typo = await cli(['send', rpc('SayHello'), '-d', '{"nmae":"x"}', ...FILES]);
    expect(typo.code).toBe(2);
    expect(typo.err).toContain('HelloRequest has no field "nmae"');
  });
});

describe('keyhole run with gRPC requests', () => {
  it('plays each call, runs its test scripts on the messages and status, and explains a refusal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyhole-grpc-run-'));
    cpSync(GRPC_PROTO_DIR, join(dir, 'protos'), { recursive: true });
    writeFileSync(join(dir, 'collection.yaml'), `keyhole: 1\nname: Calls\nvariables:\n  - key: server\n    value: ${server.url}\n  - key: who\n    value: ada\n`);
    mkdirSync(join(dir, 'greeter'));
    writeFileSync(join(dir, 'greeter', 'folder.yaml'), 'name: greeter\n');
    writeFileSync(join(dir, 'greeter', 'count.request.yaml'), [
      'kind: grpc', 'name: Count', 'url: "{{server}}"', 'rpc: keyhole.greeter.v1.Greeter/Count',
      'proto:', '  type: files', '  files: [protos/keyhole/greeter/v1/greeter.proto]', '  importPaths: [protos]',
      'messages:', '  - name: three', '    text: \'{"n":3}\'',
      'scripts:', '  test: |',
      '    pm.test("three replies", () => pm.expect(pm.response.messages.map((m) => m.json().i)).to.eql([1, 2, 3]));',
      '    pm.test("status OK", () => { pm.expect(pm.response.code).to.equal(0); pm.expect(pm.response.grpc.status.name).to.equal("OK"); });',
      '    pm.test("sent one", () => pm.expect(pm.response.stream.sent[0].json().n).to.equal(3));',
      '',
    ].join('\n'));
    writeFileSync(join(dir, 'greeter', 'hello.request.yaml'), [
      'kind: grpc', 'name: Hello', 'url: "{{server}}"', 'rpc: keyhole.greeter.v1.Greeter/SayHello',
      'messages:', '  - name: hi', '    text: \'{"name":"{{who}}"}\'',
      'scripts:', '  test: |', '    pm.test("greets", () => pm.expect(pm.response.json().message).to.equal("Hello ada"));', '',
    ].join('\n'));
    writeFileSync(join(dir, 'greeter', 'whoami.request.yaml'), ['kind: grpc', 'name: Whoami', 'url: "{{server}}"', 'rpc: keyhole.greeter.v1.Greeter/Whoami', ''].join('\n'));
    const r = await cli(['run', dir]);
    expect(r.out).toMatch(/✓ greeter\/Count\s+POST grpc:\/\/127\.0\.0\.1:\d+\/keyhole\.greeter\.v1\.Greeter\/Count\s+0 OK/);
    expect(r.out).toContain('4 assertions, 0 failed');
    expect(r.out).toMatch(/✓ greeter\/Hello/);
    expect(r.out).toMatch(/✗ greeter\/Whoami\s+POST \S+\s+16 UNAUTHENTICATED/);
    expect(r.out).toContain('gRPC status is OK');
    expect(r.out).toMatch(/why: .*\[no-credentials/);
    expect(r.code).toBe(1);
  });
});
