import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDispatchers, readBodyText, send } from '../../../electron/engine/http';
import { writeClientPfx } from '../../servers/certs';
import { echoHandler } from '../../servers/http';
import { startHttp2Server, type Http2TestServer } from '../../servers/http2';
import { startHttpsServer, type HttpsTestServer } from '../../servers/https';
import { context, prepared } from './helpers';

let plain: HttpsTestServer;
let selfSigned: HttpsTestServer;
let mutual: HttpsTestServer;
let h2: Http2TestServer;

beforeAll(async () => {
  [plain, selfSigned, mutual, h2] = await Promise.all([
    startHttpsServer(echoHandler),
    startHttpsServer(echoHandler, { selfSigned: true }),
    startHttpsServer(echoHandler, { requireClientCert: true }),
    startHttp2Server(),
  ]);
});
afterAll(async () => {
  await closeDispatchers();
  await Promise.all([plain.close(), selfSigned.close(), mutual.close(), h2.close()]);
});

describe('server verification', () => {
  it('fails by default on a self-signed certificate, with a clear tls error', async () => {
    const err = await send(prepared(`${selfSigned.url}/`), await context()).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'tls' });
    expect((err as Error).message).toContain('certificate is self-signed');
    expect((err as Error).message).toContain(`127.0.0.1:${selfSigned.port}`);
    expect(selfSigned.requests).toHaveLength(0);
  });

  it('fails by default on a certificate from an unknown CA', async () => {
    await expect(send(prepared(`${plain.url}/`), await context())).rejects.toMatchObject({ code: 'tls', message: expect.stringContaining('not trusted') });
  });

  it('passes with the CA file added to the default roots, and reports the session', async () => {
    const ex = await send(prepared(`${plain.url}/`), await context({ tls: { verify: true, caFile: plain.caFile } }));
    expect(ex.response.status).toBe(200);
    expect(ex.tls).toMatchObject({ verified: true, protocol: expect.stringMatching(/^TLSv1\.[23]$/) });
    expect(ex.timings.tls).toBeGreaterThan(0);
  });

  it('passes a self-signed certificate given as its own CA', async () => {
    const ex = await send(prepared(`${selfSigned.url}/`), await context({ tls: { verify: true, caFile: selfSigned.caFile } }));
    expect(ex.response.status).toBe(200);
  });

  it('passes with verification off, and records that it was not verified', async () => {
    const ex = await send(prepared(`${selfSigned.url}/`), await context({ tls: { verify: false } }));
    expect(ex.response.status).toBe(200);
    expect(ex.tls?.verified).toBe(false);
    expect(ex.tls?.authorizedError).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
  });

  it('keeps verified and unverified requests to the same host apart, in parallel', async () => {
    const ctxOff = await context({ tls: { verify: false } });
    const ctxOn = await context();
    const results = await Promise.allSettled([
      send(prepared(`${plain.url}/a`), ctxOff),
      send(prepared(`${plain.url}/b`), ctxOn),
      send(prepared(`${plain.url}/c`), ctxOff),
      send(prepared(`${plain.url}/d`), ctxOn),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected']);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'tls' });
    // And afterwards, with a warm unverified pool, a verified request still fails.
    await expect(send(prepared(`${plain.url}/e`), ctxOn)).rejects.toMatchObject({ code: 'tls' });
  });

  it('a missing CA file is file-not-found naming it', async () => {
    await expect(send(prepared(`${plain.url}/`), await context({ tls: { verify: true, caFile: '/no/such/ca.pem' } })))
      .rejects.toMatchObject({ code: 'file-not-found', message: expect.stringContaining('/no/such/ca.pem') });
  });
});

describe('client certificates', () => {
  it('a server requiring one refuses a client without', async () => {
    const err = await send(prepared(`${mutual.url}/`), await context({ tls: { verify: true, caFile: mutual.caFile } })).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: expect.stringMatching(/^(tls|network)$/) });
    expect(mutual.requests).toHaveLength(0);
  });

  it('accepts a PEM certificate and key', async () => {
    const ex = await send(prepared(`${mutual.url}/pem`), await context({ tls: { verify: true, caFile: mutual.caFile, certFile: mutual.files.clientCertFile, keyFile: mutual.files.clientKeyFile } }));
    expect(ex.response.status).toBe(200);
    expect(mutual.clientCertSubjects.at(-1)).toBe('keyhole-test-client');
  });

  it('accepts a PFX with its passphrase, and names a wrong passphrase', async () => {
    const pfxFile = writeClientPfx(mutual.files, 'pfx-pass');
    const ex = await send(prepared(`${mutual.url}/pfx`), await context({ tls: { verify: true, caFile: mutual.caFile, pfxFile, passphrase: 'pfx-pass' } }));
    expect(ex.response.status).toBe(200);
    expect(mutual.clientCertSubjects).toHaveLength(2);
    const err = await send(prepared(`${mutual.url}/pfx`), await context({ tls: { verify: true, caFile: mutual.caFile, pfxFile, passphrase: 'not-the-pass-123' } })).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'tls', message: expect.stringContaining('passphrase') });
    expect(JSON.stringify(err)).not.toContain('not-the-pass-123');
  });
});

describe('HTTP/2', () => {
  it('uses h2 when the server offers it and reports "2"', async () => {
    const ex = await send(prepared(`${h2.url}/`), await context({ tls: { verify: true, caFile: h2.caFile }, http2: true }));
    expect(ex.response.httpVersion).toBe('2');
    expect(await readBodyText(ex.response.body)).toBe('version 2.0');
    expect(ex.response.statusText).toBe('OK');
  });

  it('stays on HTTP/1.1 when http2 is off', async () => {
    const ex = await send(prepared(`${h2.url}/`), await context({ tls: { verify: true, caFile: h2.caFile }, http2: false }));
    expect(ex.response.httpVersion).toBe('1.1');
    expect(await readBodyText(ex.response.body)).toBe('version 1.1');
  });
});
