import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamMessage } from '../../shared/model';
import { startSseServer, type SseTestServer } from '../servers/sse';
import { GOOD_TOKEN, startWsServer, type WsTestServer } from '../servers/websocket';
import { BIN, ROOT } from './spawn-cli';

let wss: WsTestServer;
let sse: SseTestServer;
beforeAll(async () => { [wss, sse] = await Promise.all([startWsServer(), startSseServer()]); });
afterAll(async () => { await Promise.all([wss.close(), sse.close()]); });

interface Spawned {
  /** Resolves when stdout holds `text` (rejects if the process ends first). */
  printed(text: string): Promise<void>;
  done: Promise<{ code: number | null; out: string; err: string }>;
  /** Sends the process a signal (Ctrl+C is SIGINT). */
  kill(signal: NodeJS.Signals): void;
}

/** `node bin/keyhole.js ...` as a user runs it, with stdout readable while it runs. */
function cli(args: string[], cwd = ROOT): Spawned {
  const state = mkdtempSync(join(tmpdir(), 'keyhole-cli-stream-'));
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd, env: { PATH: process.env.PATH ?? '', HOME: state, XDG_STATE_HOME: state, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const waiters: { text: string; resolve: () => void }[] = [];
  child.stdout.on('data', (c: Buffer) => {
    out += c.toString('utf8');
    for (const w of [...waiters]) if (out.includes(w.text)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(); }
  });
  child.stderr.on('data', (c: Buffer) => { err += c.toString('utf8'); });
  const done = new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
    child.on('close', (code) => { rmSync(state, { recursive: true, force: true }); resolve({ code, out, err }); });
  });
  return {
    done,
    kill: (signal) => { child.kill(signal); },
    printed: (text) => (out.includes(text) ? Promise.resolve() : new Promise<void>((resolve, reject) => {
      waiters.push({ text, resolve });
      void done.then((r) => reject(new Error(`exited ${String(r.code)} before printing "${text}":\n${r.out}\n${r.err}`)));
    })),
  };
}

describe('keyhole send ws://', () => {
  it('sends each --message in order, waits for the replies, prints the frames as lines and exits 0', async () => {
    const r = await cli(['send', `${wss.wsUrl}/echo`, '--message', 'hello', '--message', '{"a":1}', '--wait', '2', '--subprotocol', 'chat.v1']).done;
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    const frames = lines.filter((l) => /^[→←] /.test(l)).map((l) => l.replace(/ \d+\.\d{3}s /, ' T '));
    expect(frames).toEqual(['→ T text 5 B  hello', '→ T text 7 B  {"a":1}', '← T text 5 B  hello', '← T text 7 B  {"a":1}']);
    expect(r.out).toMatch(/HTTP\/1\.1 101 Switching Protocols/);
    expect(r.out).toMatch(/4 frames, subprotocol chat\.v1; closed by the client with 1000/);
  });

  it('prints one JSON line per frame with --json, then the exchange', async () => {
    const r = await cli(['send', `${wss.wsUrl}/count?n=3`, '--wait', '3', '--json']).done;
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l) as StreamMessage & { response?: { status: number } });
    const last = lines.pop();
    expect(last?.response?.status).toBe(101);
    expect(lines.filter((m) => m.direction === 'in' && m.type === 'text').map((m) => JSON.parse(m.data) as unknown)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
  });

  it('explains a refused handshake and exits 1, the token masked', async () => {
    const token = 'wrong-token-0123456789abcdef';
    const r = await cli(['send', `${wss.wsUrl}/bearer`, '--oauth2-bearer', token]).done;
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/HTTP\/1\.1 401 Unauthorized/);
    expect(r.out).toMatch(/why: .*\[credentials-rejected/);
    expect(r.out).not.toContain(token);
    const ok = await cli(['send', `${wss.wsUrl}/bearer`, '--oauth2-bearer', GOOD_TOKEN, '--wait', '50ms']).done;
    expect(ok.code).toBe(0);
  });

  it('explains a 1008 close and exits 1', async () => {
    const r = await cli(['send', `${wss.wsUrl}/policy`, '--wait', '2s']).done;
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/← \d+\.\d{3}s close 1008 "token required"/);
    expect(r.out).toMatch(/why: The request carried no credentials \[no-credentials/);
  });

  it('says what --wait takes when it is given something else', async () => {
    const r = await cli(['send', `${wss.wsUrl}/echo`, '--wait', 'soon']).done;
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--wait takes a count of messages \(3\) or a time \(500ms, 2s\), not "soon"/);
  });
});

describe('keyhole send on an event stream', () => {
  it('prints each event as it arrives, before the stream ends', async () => {
    const run = cli(['send', `${sse.url}/gate`]);
    // The server holds the stream open after the first event until release(): the line is out
    // while the command is still running.
    await run.printed('before the gate');
    sse.release();
    const r = await run.done;
    expect(r.code).toBe(0);
    expect(r.out.indexOf('before the gate')).toBeLessThan(r.out.indexOf('after the gate'));
    expect(r.out).toMatch(/← \d+\.\d{3}s event first #1 \d+ B {2}before the gate/);
    expect(r.out).toMatch(/2 events/);
  });

  it('has no total time limit while events keep coming: --max-time does not cut a stream that is still talking', async () => {
    // 5 events 700 ms apart take longer than the 2 s limit, and none of the gaps is long (the limit
    // still covers connecting and the response head, which come at once).
    const r = await cli(['send', `${sse.url}/events?count=5&delay=700`, '--max-time', '2']).done;
    expect(r.code, r.out + r.err).toBe(0);
    expect(r.out).toMatch(/5 events/);
    expect(r.out).not.toMatch(/timeout|timed out/i);
  });
});

describe('keyhole send --reconnect on an event stream', () => {
  it('--max-reconnects: reconnects with Last-Event-ID after the server\'s retry, prints every connection\'s events, then stops', async () => {
    const before = sse.requests.length;
    const r = await cli(['send', `${sse.url}/events?count=2&retry=20`, '--max-reconnects', '2']).done;
    expect(r.code).toBe(0);
    expect(sse.requests.slice(before).map((q) => q.header('last-event-id'))).toEqual([undefined, '2', '4']);
    const events = [...r.out.matchAll(/event tick #(\d+)/g)].map((m) => m[1]);
    expect(events).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(r.out).toMatch(/· \d+\.\d{3}s close "The server ended the stream; reconnecting in 20 ms"\n· \d+\.\d{3}s open {2}Reconnected \(attempt 1 of 2\), Last-Event-ID: 2\n/);
    expect(r.out).toContain('6 events; ended: the stream ended; reconnected 2 time(s), the most allowed');
  });

  it('--reconnect goes on until Ctrl+C, then prints the summary and exits 0', async () => {
    const run = cli(['send', `${sse.url}/events?count=1&retry=30`, '--reconnect']);
    await run.printed('Reconnected (attempt 2), Last-Event-ID: 2');
    run.kill('SIGINT');
    const r = await run.done;
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/\d+ events; ended: stopped/);
  });

  it('stops on a 204 (the server\'s "no more") and on a refusal, with the exit status of that answer', async () => {
    const done = await cli(['send', `${sse.url}/events?count=2&retry=10&last=4&then=204`, '--reconnect']).done;
    expect(done.code).toBe(0);
    expect(done.out).toMatch(/^HTTP\/1\.1 200 OK/m);
    expect(done.out).toContain('4 events; ended: the server answered 204 No Content: it asks not to reconnect');
    const failed = await cli(['send', `${sse.url}/events?count=2&retry=10&last=2&then=500`, '--reconnect']).done;
    expect(failed.code).toBe(1);
    expect(failed.out).toContain('2 events; ended: reconnecting stopped: the server answered 500 Internal Server Error');
  });

  it('says what --max-reconnects takes', async () => {
    const r = await cli(['send', `${sse.url}/events`, '--max-reconnects', 'lots']).done;
    expect(r.code).toBe(2);
    expect(r.err).toContain('--max-reconnects takes a whole number (0 or more), not "lots"');
  });
});

describe('keyhole run with WebSocket requests', () => {
  it('runs them with test scripts that assert on the received messages, exit codes as for HTTP', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyhole-run-ws-'));
    mkdirSync(join(dir, 'environments'));
    writeFileSync(join(dir, 'collection.yaml'), `keyhole: 1\nname: Sockets\nvariables:\n  - key: ws\n    value: ${wss.wsUrl}\nsettings:\n  proxy:\n    mode: none\norder:\n  - echo.request.yaml\n  - count.request.yaml\n  - policy.request.yaml\n`);
    writeFileSync(join(dir, 'echo.request.yaml'), [
      'kind: websocket', 'name: Echo', 'url: "{{ws}}/echo"', 'subprotocols:', '  - chat.v2',
      'messages:', '  - name: hello', '    type: json', '    text: \'{"op":"hello"}\'', 'wait:', '  messages: 1',
      'scripts:', '  test: |',
      '    pm.test("echoes the hello", () => pm.expect(pm.response.messages[0].json()).to.eql({ op: "hello" }));',
      '    pm.test("chose chat.v2", () => pm.expect(pm.response.stream.protocol).to.equal("chat.v2"));',
      '    pm.test("handshake 101", () => pm.response.to.have.status(101));', '',
    ].join('\n'));
    writeFileSync(join(dir, 'count.request.yaml'), [
      'kind: websocket', 'name: Count', 'url: "{{ws}}/count?n=2"', 'wait:', '  messages: 2',
      'scripts:', '  test: |', '    pm.test("three arrive", () => pm.expect(pm.response.messages.length).to.equal(3));', '',
    ].join('\n'));
    writeFileSync(join(dir, 'policy.request.yaml'), ['kind: websocket', 'name: Policy', 'url: "{{ws}}/policy"', 'wait:', '  ms: 2000', ''].join('\n'));
    const r = await cli(['run', dir]).done;
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/✓ Echo {2}GET ws:\/\/127\.0\.0\.1:\d+\/echo {2}101/);
    expect(r.out).toMatch(/✗ Count .*\n {4}✗ three arrive: AssertionError: expected 2 to equal 3/);
    expect(r.out).toMatch(/✗ Policy .*\n {4}✗ WebSocket closed cleanly: closed by the server with 1008 \(token required\)\n {4}why: The request carried no credentials \[no-credentials/);
    expect(r.out).toMatch(/3 requests, 2 failed; 7 assertions, 2 failed/);
  });

  it('explains a refused handshake under the request and exits 1, the token masked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyhole-run-ws-'));
    mkdirSync(join(dir, 'environments'));
    writeFileSync(join(dir, 'collection.yaml'), `keyhole: 1\nname: Sockets\nvariables:\n  - key: ws\n    value: ${wss.wsUrl}\nsettings:\n  proxy:\n    mode: none\norder:\n  - refused.request.yaml\n  - allowed.request.yaml\n`);
    const socket = (name: string): string => ['kind: websocket', `name: ${name}`, 'url: "{{ws}}/bearer"', 'auth:', '  type: bearer', `  token: "{{${name.toLowerCase()}Token}}"`, 'wait:', '  ms: 100', ''].join('\n');
    writeFileSync(join(dir, 'refused.request.yaml'), socket('Refused'));
    writeFileSync(join(dir, 'allowed.request.yaml'), socket('Allowed'));
    const wrong = 'wrong-token-0123456789abcdef';
    const r = await cli(['run', dir, '--env-var', `refusedToken=${wrong}`, '--env-var', `allowedToken=${GOOD_TOKEN}`]).done;
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/✗ Refused {2}GET ws:\/\/127\.0\.0\.1:\d+\/bearer {2}401 .*\n {4}✗ status is below 400: got 401 Unauthorized\n {4}why: .*\[credentials-rejected/);
    expect(r.out).toMatch(/✓ Allowed {2}GET ws:\/\/127\.0\.0\.1:\d+\/bearer {2}101/);
    expect(r.out).not.toContain(wrong);
  });
});
