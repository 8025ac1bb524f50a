import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_API_KEY, startDemoServer, type DemoServer } from '../../electron/engine/demo';
import { echoHandler, startHttpServer } from '../servers/http';
import { EXAMPLE, EXAMPLE_SECRETS, keyhole } from './harness';

const HINT_URL_BREAK = 'A URL cannot hold CR, LF or tab: the URL parser would drop it and the request would go to another path. Remove it (often a variable with a newline in it), or write it percent-encoded (%0D, %0A, %09) if the server really expects it.';

let demo: DemoServer;
beforeAll(async () => { demo = await startDemoServer(); });
afterAll(async () => { await demo.close(); });

describe('keyhole send, curl style', () => {
  it('sends method, headers and a form body like curl, printing status, timings and body', async () => {
    const r = await keyhole(['send', `${demo.url}/echo`, '-X', 'PUT', '-H', 'X-Trace: 42', '-d', 'a=1', '-d', 'b=2']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(r.out).toMatch(/dns .* connect .* first byte .* download/);
    const body = JSON.parse(r.out.slice(r.out.indexOf('\n{'))) as { method: string; headers: Record<string, string>; body: string };
    expect(body.method).toBe('PUT');
    expect(body.headers['x-trace']).toBe('42');
    expect(body.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(body.body).toBe('a=1&b=2');
  });

  it('reads -d @file and defaults to POST', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyhole-send-'));
    writeFileSync(join(dir, 'body.json'), '{"x":\n1}\n');
    const r = await keyhole(['send', `${demo.url}/echo`, '-H', 'Content-Type: application/json', '-d', '@body.json', '--json'], { cwd: dir });
    const e = JSON.parse(r.out) as { request: { method: string }; response: { status: number; bodyText: string } };
    expect(e.request.method).toBe('POST');
    expect(JSON.parse(e.response.bodyText).body).toBe('{"x":1}');
  });

  it('exits 1 on a refusal and masks the credentials it sent in --json output', async () => {
    const token = 'abcd-very-secret-token-value-wxyz';
    const r = await keyhole(['send', `${demo.url}/bearer/me`, '--oauth2-bearer', token, '--json']);
    expect(r.code).toBe(1);
    expect(r.out).not.toContain(token);
    const e = JSON.parse(r.out) as { request: { headers: [string, string][] }; response: { status: number } };
    expect(e.response.status).toBe(401);
    expect(e.request.headers.find(([k]) => k.toLowerCase() === 'authorization')?.[1]).toBe('Bearer ****wxyz');
  });

  it('-u sends Basic, and a wrong password is refused without echoing it', async () => {
    expect((await keyhole(['send', `${demo.url}/basic/protected`, '-u', 'demo:demo-password'])).code).toBe(0);
    const wrong = await keyhole(['send', `${demo.url}/basic/protected`, '-u', 'demo:nope']);
    expect(wrong.code).toBe(1);
    expect(wrong.out).not.toContain('nope"');
  });

  it('refuses a header with a line break before anything is sent, exit 2', async () => {
    const r = await keyhole(['send', `${demo.url}/echo`, '-H', 'X-Evil: a\r\nInjected: 1']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/X-Evil/);
  });

  it('refuses a URL with CR/LF inside it, naming the position, exit 2; nothing is sent', async () => {
    const seen = await startHttpServer(echoHandler);
    try {
      const url = `${seen.url}/admin\r\n/public`;
      const r = await keyhole(['send', url]);
      expect(r.code).toBe(2);
      expect(r.err).toBe(`keyhole: The URL of request "command line" has a line break (CR) at character ${url.indexOf('\r') + 1}\n  hint: ${HINT_URL_BREAK}\n`);
      expect(seen.requests).toEqual([]);
    } finally {
      await seen.close();
    }
  });

  it('a method with bad characters is one keyhole: line naming -X, exit 2, not a schema dump', async () => {
    const r = await keyhole(['send', `${demo.url}/echo`, '-X', 'GE T']);
    expect(r.code).toBe(2);
    const lines = r.err.trimEnd().split('\n');
    expect(lines[0]).toBe('keyhole: -X "GE T" is not an HTTP method: a method is one word of letters, digits and !#$%&\'*+-.^_`|~ (RFC 9110 §9.1)');
    expect(lines.slice(1)).toEqual(['  hint: For example -X GET, -X POST or -X PATCH.']);
  });

  it('usage errors exit 2 with a sentence, not a stack trace', async () => {
    const r = await keyhole(['send', `${demo.url}/echo`, '-H', 'no colon here']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/-H expects "Name: value"/);
    expect(r.err).not.toMatch(/\n\s+at /);
  });
});

describe('keyhole send, stored requests', () => {
  it('sends a stored request by Folder/Name with an environment and its secrets', async () => {
    const r = await keyhole(['send', 'API key items', '-c', EXAMPLE, '-e', 'staging', '--secrets', EXAMPLE_SECRETS, '--var', `baseUrl=${demo.url}`, '--json']);
    expect(r.code).toBe(0);
    expect(r.out).not.toContain(DEMO_API_KEY);
    const s = await keyhole(['send', 'Session/Who am I', '-c', EXAMPLE, '-e', 'staging', '--var', `baseUrl=${demo.url}`, '--no-cookies']);
    expect(s.code).toBe(1);
  });

  it('names the request when it does not exist', async () => {
    const r = await keyhole(['send', 'Nope/Missing', '-c', EXAMPLE]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('No request "Nope/Missing"');
  });
});

describe('the keyhole binary', () => {
  it('runs from a shell with the exit status of the command', async () => {
    // Async spawn: the demo server lives in this process and must keep answering.
    const child = spawn(process.execPath, ['bin/keyhole.js', 'send', `${demo.url}/status/418`], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => { stdout += c.toString(); });
    const status = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(status).toBe(1);
    expect(stdout).toMatch(/418/);
  });
});
