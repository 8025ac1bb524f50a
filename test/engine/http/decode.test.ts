import { readFile } from 'node:fs/promises';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDispatchers, readBodyText, send } from '../../../electron/engine/http';
import { startHttpServer, type HttpTestServer } from '../../servers/http';
import { context, prepared } from './helpers';

const TEXT = 'Keyhole decodes this. '.repeat(500);
const encoders: Record<string, (b: Buffer) => Buffer> = {
  gzip: (b) => gzipSync(b),
  deflate: (b) => deflateSync(b),
  br: (b) => brotliCompressSync(b),
};

let server: HttpTestServer;

beforeAll(async () => {
  server = await startHttpServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const layers = (url.searchParams.get('enc') ?? '').split(',').filter((s) => s !== '');
    let body: Buffer = Buffer.from(url.searchParams.get('zeros') ? '\0'.repeat(Number(url.searchParams.get('zeros'))) : TEXT);
    if (url.pathname === '/raw-deflate') {
      body = deflateRawSync(body);
      layers.splice(0, layers.length, 'deflate');
    } else if (url.pathname === '/deflate-remainder') {
      // The bytes past the end of the deflate data come in writes of their own, after the decoder
      // has seen the end of its data.
      res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'deflate' });
      res.write((url.searchParams.get('raw') ? deflateRawSync : deflateSync)(body));
      setTimeout(() => res.write(Buffer.from([0x7a])), 30);
      setTimeout(() => res.end(Buffer.from([0])), 60);
      return;
    } else if (url.pathname === '/corrupt') {
      body = Buffer.concat([gzipSync(body).subarray(0, 10), Buffer.from('not gzip at all, not at all')]);
      layers.splice(0, layers.length, 'gzip');
    } else {
      for (const l of layers) body = (encoders[l] ?? ((b: Buffer) => b))(body);
    }
    res.writeHead(200, { 'content-type': 'text/plain', ...(layers.length ? { 'content-encoding': layers.join(', ') } : {}), 'content-length': body.length });
    res.end(body);
  });
});
afterAll(async () => {
  await closeDispatchers();
  await server.close();
});

describe('Content-Encoding', () => {
  it.each(['gzip', 'deflate', 'br'])('decodes %s and reports both sizes', async (enc) => {
    const ex = await send(prepared(`${server.url}/?enc=${enc}`), await context());
    expect(await readBodyText(ex.response.body)).toBe(TEXT);
    expect(ex.response.contentEncoding).toEqual([enc]);
    expect(ex.response.bodySizeDecoded).toBe(TEXT.length);
    expect(ex.response.bodySizeCompressed).toBeLessThan(TEXT.length);
    expect(ex.response.bodySizeCompressed).toBeGreaterThan(0);
  });

  it('decodes raw deflate sent as "deflate"', async () => {
    const ex = await send(prepared(`${server.url}/raw-deflate`), await context());
    expect(await readBodyText(ex.response.body)).toBe(TEXT);
  });

  it.each(['zlib', 'raw'])('"deflate" (%s) with bytes past the end of its data: decoded, the remainder ignored, no hang', async (kind) => {
    const ex = await send(prepared(`${server.url}/deflate-remainder${kind === 'raw' ? '?raw=1' : ''}`), await context({ timeoutMs: 20_000 }));
    expect(await readBodyText(ex.response.body)).toBe(TEXT);
  });

  it('undoes layered codings in reverse order of application', async () => {
    const ex = await send(prepared(`${server.url}/?enc=gzip,br,deflate`), await context());
    expect(ex.response.contentEncoding).toEqual(['gzip', 'br', 'deflate']);
    expect(await readBodyText(ex.response.body)).toBe(TEXT);
  });

  it('refuses more than five layers', async () => {
    await expect(send(prepared(`${server.url}/?enc=gzip,gzip,gzip,gzip,gzip,gzip`), await context()))
      .rejects.toMatchObject({ code: 'decode-failed', message: expect.stringContaining('6 Content-Encoding layers') });
  });

  it('accepts exactly five layers', async () => {
    const ex = await send(prepared(`${server.url}/?enc=gzip,gzip,br,gzip,deflate`), await context());
    expect(await readBodyText(ex.response.body)).toBe(TEXT);
  });

  it('stops a decompression bomb at the decoded cap', async () => {
    // 5 MB of zeros gzips to a few kB.
    const err = await send(prepared(`${server.url}/?enc=gzip&zeros=5000000`), await context({ maxDecodedBodyBytes: 1_000_000 })).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'body-too-large' });
  });

  it('corrupt compressed data is decode-failed', async () => {
    await expect(send(prepared(`${server.url}/corrupt`), await context())).rejects.toMatchObject({ code: 'decode-failed' });
  });

  it('an unknown coding keeps the body as received, with a warning', async () => {
    const ex = await send(prepared(`${server.url}/?enc=gzip,x-custom`), await context());
    expect(ex.warnings.join()).toContain('x-custom');
    expect(ex.response.bodySizeDecoded).toBe(ex.response.bodySizeCompressed);
  });

  it('a body decoded past the in-memory cap goes to a file, decoded', async () => {
    const ex = await send(prepared(`${server.url}/?enc=br`), await context({ maxBodyInMemoryBytes: 1000 }));
    expect(ex.response.body.storage).toBe('file');
    if (ex.response.body.storage === 'file') expect(await readFile(ex.response.body.path, 'utf8')).toBe(TEXT);
  });
});
