import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDispatchers, readBodyText, send } from '../../../electron/engine/http';
import { echoHandler, readRequestBody, sendJson, startHttpServer, type HttpTestServer } from '../../servers/http';
import { context, header, prepared, tempDir, type Echo } from './helpers';

let server: HttpTestServer;
const uploads: { contentType: string | undefined; body: Buffer }[] = [];

beforeAll(async () => {
  server = await startHttpServer((req, res) => {
    if (req.url === '/upload') {
      void readRequestBody(req).then((body) => {
        uploads.push({ contentType: req.headers['content-type'], body });
        sendJson(res, 200, { size: body.length });
      });
      return;
    }
    echoHandler(req, res);
  });
});
afterAll(async () => {
  await closeDispatchers();
  await server.close();
});

async function echo(over: Parameters<typeof prepared>[1] = {}, path = '/echo'): Promise<Echo> {
  const ex = await send(prepared(`${server.url}${path}`, over), await context());
  expect(ex.response.status).toBe(200);
  return JSON.parse(await readBodyText(ex.response.body)) as Echo;
}

describe('methods and headers', () => {
  it.each(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'PROPFIND'])('sends %s as given', async (method) => {
    const got = await echo({ method });
    expect(got.method).toBe(method);
  });

  it('sends HEAD and gets no body', async () => {
    const ex = await send(prepared(`${server.url}/echo`, { method: 'HEAD' }), await context());
    expect(ex.response.status).toBe(200);
    expect(await readBodyText(ex.response.body)).toBe('');
  });

  it('sends every header, repeats included, in order', async () => {
    const got = await echo({ headers: [['X-One', '1'], ['X-Two', 'two words'], ['X-One', 'again'], ['Accept', 'application/json']] });
    expect(got.headers.filter(([k]) => k === 'X-One').map(([, v]) => v)).toEqual(['1', 'again']);
    expect(header(got, 'x-two')).toBe('two words');
    expect(header(got, 'accept')).toBe('application/json');
  });

  it.each([
    ['X-Evil', 'a\r\nX-Injected: 1'],
    ['X-Evil', 'a\nb'],
    ['X-Evil', 'a\0b'],
    ['X-Evil\r\nX-Injected', 'v'],
    ['Bad Name', 'v'],
    ['Bad:Name', 'v'],
  ])('refuses header %j with value %j before sending anything', async (name, value) => {
    const before = server.requests.length;
    const err = await send(prepared(`${server.url}/echo`, { headers: [[name, value]] }), await context()).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'header-invalid' });
    expect((err as Error).message).toContain(name.split('\r')[0]);
    expect(server.requests.length).toBe(before);
  });

  it('refuses a method that is not a token', async () => {
    await expect(send(prepared(`${server.url}/echo`, { method: 'GE T' }), await context())).rejects.toMatchObject({ code: 'invalid-input' });
  });

  it('records the request as sent, the status and HTTP/1.1', async () => {
    const ex = await send(prepared(`${server.url}/echo?q=1`, { headers: [['X-A', 'b']] }), await context({}, { now: () => new Date('2026-01-02T03:04:05Z') }));
    expect(ex.request).toMatchObject({ method: 'GET', url: `${server.url}/echo?q=1`, headers: [['X-A', 'b']] });
    expect(ex.response.statusText).toBe('OK');
    expect(ex.response.httpVersion).toBe('1.1');
    expect(ex.startedAt).toBe('2026-01-02T03:04:05.000Z');
    expect(ex.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(ex.response.headersSize).toBeGreaterThan(20);
    expect(ex.remoteAddress).toMatch(/^127\.0\.0\.1:\d+$/);
  });
});

describe('bodies', () => {
  it('sends bytes with their content type', async () => {
    const got = await echo({ method: 'POST', body: { kind: 'bytes', data: new TextEncoder().encode('{"a":1}'), contentType: 'application/json' } });
    expect(Buffer.from(got.bodyBase64, 'base64').toString()).toBe('{"a":1}');
    expect(header(got, 'content-type')).toBe('application/json');
    expect(header(got, 'content-length')).toBe('7');
  });

  it('keeps a user Content-Type over the body default', async () => {
    const got = await echo({ method: 'POST', headers: [['Content-Type', 'text/x-mine']], body: { kind: 'bytes', data: new Uint8Array([1, 2]), contentType: 'application/octet-stream' } });
    expect(header(got, 'content-type')).toBe('text/x-mine');
  });

  it('streams a file relative to baseDir with Content-Length from stat', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'data.bin'), Buffer.from([0, 1, 2, 255]));
    const got = await echo({ method: 'PUT', baseDir: dir, body: { kind: 'file', path: 'data.bin' } });
    expect(Buffer.from(got.bodyBase64, 'base64')).toEqual(Buffer.from([0, 1, 2, 255]));
    expect(header(got, 'content-length')).toBe('4');
  });

  it('streams a 20 MB file and the server receives every byte', async () => {
    const dir = await tempDir();
    const big = Buffer.alloc(20 * 1024 * 1024, 7);
    big[big.length - 1] = 9;
    await writeFile(join(dir, 'big.bin'), big);
    const ex = await send(prepared(`${server.url}/upload`, { method: 'POST', body: { kind: 'file', path: join(dir, 'big.bin') } }), await context());
    expect(JSON.parse(await readBodyText(ex.response.body))).toEqual({ size: big.length });
    expect(uploads.at(-1)?.body.equals(big)).toBe(true);
    expect(ex.request.bodySize).toBe(big.length);
  });

  it('a missing body file is file-not-found naming the path, and nothing is sent', async () => {
    const before = server.requests.length;
    const err = await send(prepared(`${server.url}/echo`, { method: 'POST', baseDir: '/nonexistent-dir', body: { kind: 'file', path: 'nope.bin' } }), await context()).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'file-not-found' });
    expect((err as Error).message).toContain('/nonexistent-dir/nope.bin');
    expect(server.requests.length).toBe(before);
  });

  it('encodes multipart with text and file parts, checked by the server', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'note.txt'), 'hello file\n');
    const ex = await send(prepared(`${server.url}/upload`, {
      method: 'POST', baseDir: dir,
      body: { kind: 'multipart', fields: [
        { kind: 'text', name: 'title', value: 'A "quoted" title', enabled: true },
        { kind: 'text', name: 'skipped', value: 'x', enabled: false },
        { kind: 'file', name: 'doc', path: 'note.txt', enabled: true },
      ] },
    }), await context());
    expect(ex.response.status).toBe(200);
    const upload = uploads.at(-1);
    const boundary = /boundary=(.+)$/.exec(upload?.contentType ?? '')?.[1];
    expect(boundary).toBeTruthy();
    // Parse with the platform's own multipart parser: what a real server would do.
    const form = await new Response(new Uint8Array(upload?.body ?? Buffer.alloc(0)), { headers: { 'content-type': upload?.contentType ?? '' } }).formData();
    expect(form.get('title')).toBe('A "quoted" title');
    expect(form.has('skipped')).toBe(false);
    const file = form.get('doc') as File;
    expect(file.name).toBe('note.txt');
    expect(file.type).toBe('text/plain');
    expect(await file.text()).toBe('hello file\n');
    expect(Number(ex.request.headers.find(([k]) => k === 'Content-Length')?.[1])).toBe(upload?.body.length);
  });

  it('a missing multipart file is file-not-found naming the field', async () => {
    await expect(send(prepared(`${server.url}/upload`, { method: 'POST', body: { kind: 'multipart', fields: [{ kind: 'file', name: 'doc', path: '/no/such.txt', enabled: true }] } }), await context()))
      .rejects.toMatchObject({ code: 'file-not-found', message: expect.stringContaining('"doc"') });
  });
});

describe('timings', () => {
  it('are non-negative and total >= firstByte', async () => {
    const ex = await send(prepared(`${server.url}/echo`), await context());
    for (const v of Object.values(ex.timings)) expect(v).toBeGreaterThanOrEqual(0);
    expect(ex.timings.total).toBeGreaterThanOrEqual(ex.timings.firstByte);
    expect(ex.timings.firstByte).toBeGreaterThan(0);
  });

  it('measure the connect phase on a new connection and none on a reused one', async () => {
    const fresh = await startHttpServer(echoHandler);
    try {
      const first = await send(prepared(`${fresh.url}/a`), await context());
      const second = await send(prepared(`${fresh.url}/b`), await context());
      expect(first.timings.connect).toBeGreaterThan(0);
      expect(second.timings.connect).toBe(0);
      expect(second.timings.dns).toBe(0);
      for (let i = 0; i < 50; i += 1) await send(prepared(`${fresh.url}/n${i}`), await context());
      // The cached dispatcher keeps the connection alive across sends.
      expect(fresh.connections()).toBe(1);
    } finally {
      await fresh.close();
    }
  });
});
