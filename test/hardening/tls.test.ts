import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDispatchers, readBodyText, send } from '../../electron/engine/http';
import type { SecretStore } from '../../electron/engine/secrets';
import { openSession } from '../../electron/engine/session';
import { Collection, Request } from '../../shared/model';
import { context, prepared } from '../engine/http/helpers';
import { echoHandler } from '../servers/http';
import { startHttpsServer, type HttpsTestServer } from '../servers/https';
import { otherPki, startCuriousHttpsServer, startTlsProxy, type CuriousHttpsServer, type TlsProxyServer } from '../servers/hostile-tls';

/** Guarantee 2: TLS verification is on unless a request turns it off, and each setting stays where it was configured. */
let target: HttpsTestServer;
let proxy: TlsProxyServer;
let certA: CuriousHttpsServer;
let certB: CuriousHttpsServer;
const envBefore = process.env.NODE_TLS_REJECT_UNAUTHORIZED;

beforeAll(async () => {
  target = await startHttpsServer(echoHandler);
  proxy = await startTlsProxy();
  certB = await startCuriousHttpsServer(echoHandler);
  certA = await startCuriousHttpsServer((req, res) => {
    res.writeHead(302, { location: `${certB.url}/landed` }).end();
    req.resume();
  });
});
afterAll(async () => {
  await closeDispatchers();
  await Promise.all([target.close(), proxy.close(), certA.close(), certB.close()]);
});

/** No code path may turn verification off for the whole process. */
function assertEnvUntouched(): void {
  expect(process.env.NODE_TLS_REJECT_UNAUTHORIZED).toBe(envBefore);
}

describe('verification', () => {
  it('is on by default: a certificate from an unknown CA is a tls error', async () => {
    await expect(send(prepared(`${target.url}/`), await context())).rejects.toMatchObject({ code: 'tls' });
    assertEnvUntouched();
  });

  it('verified and unverified requests to the same host, in parallel, each behave as configured (separate pools)', async () => {
    const verified = await context();
    const unverified = await context({ tls: { verify: false } });
    const runs = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 === 0
      ? send(prepared(`${target.url}/v${i}`), verified).then(() => 'ok', (e: { code?: string }) => e.code)
      : send(prepared(`${target.url}/u${i}`), unverified).then((x) => (x.tls?.verified === false ? 'ok-unverified' : 'ok'), (e: { code?: string }) => e.code))));
    expect(runs).toEqual(['tls', 'ok-unverified', 'tls', 'ok-unverified', 'tls', 'ok-unverified']);
    // The unverified connections stay open in their pool; a verified request still fails after them.
    await expect(send(prepared(`${target.url}/after`), verified)).rejects.toMatchObject({ code: 'tls' });
    assertEnvUntouched();
  });

  it('a custom CA is trusted only by the request that names it', async () => {
    const withCa = await send(prepared(`${target.url}/ca`), await context({ tls: { verify: true, caFile: target.caFile } }));
    expect(withCa.response.status).toBe(200);
    expect(withCa.tls?.verified).toBe(true);
    await expect(send(prepared(`${target.url}/no-ca`), await context())).rejects.toMatchObject({ code: 'tls' });
    assertEnvUntouched();
  });
});

describe('proxy TLS apart from target TLS (an https:// proxy with its own CA)', () => {
  const viaProxy = (caFile?: string) => ({ mode: 'custom' as const, url: proxy.url, ...(caFile ? { caFile } : {}) });

  it('works when the proxy\'s CA and the target\'s CA are each given in their own place', async () => {
    const other = await otherPki();
    const before = proxy.tunnels.length;
    const x = await send(prepared(`${target.url}/through`), await context({ proxy: viaProxy(other.caFile), tls: { verify: true, caFile: target.caFile } }));
    expect(x.response.status).toBe(200);
    expect(JSON.parse(await readBodyText(x.response.body))).toMatchObject({ url: '/through' });
    expect(proxy.tunnels.slice(before)).toEqual([`127.0.0.1:${target.port}`]);
  });

  it('the target\'s CA does not make the proxy trusted', async () => {
    const before = proxy.tunnels.length;
    const e = await send(prepared(`${target.url}/x`), await context({ proxy: viaProxy(), tls: { verify: true, caFile: target.caFile } })).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'tls' });
    expect(proxy.tunnels.length).toBe(before);
  });

  it('turning verification off for the target does not turn it off for the proxy', async () => {
    const before = proxy.tunnels.length;
    await expect(send(prepared(`${target.url}/x`), await context({ proxy: viaProxy(), tls: { verify: false } }))).rejects.toMatchObject({ code: 'tls' });
    expect(proxy.tunnels.length).toBe(before);
    assertEnvUntouched();
  });

  it('the proxy\'s CA does not make the target trusted', async () => {
    const other = await otherPki();
    const e = await send(prepared(`${target.url}/x`), await context({ proxy: viaProxy(other.caFile) })).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'tls' });
    expect((e as Error).message).toContain(`127.0.0.1:${target.port}`);
  });
});

describe('client certificates stay on their origin', () => {
  it('a clientcert profile\'s certificate is presented to A and not to B after A redirects there', async () => {
    const noSecrets: SecretStore = { get: async () => undefined, set: async () => {}, delete: async () => {}, describe: () => 'set it' };
    const session = await openSession({ collection: Collection.parse({ name: 'c' }), secrets: noSecrets, tempDir: await mkdtemp(join(tmpdir(), 'keyhole-tls-')) });
    const files = target.files;
    const { exchange } = await session.send(Request.parse({
      name: 'mtls', url: `${certA.url}/start`,
      auth: { type: 'clientcert', certFile: files.clientCertFile, keyFile: files.clientKeyFile },
      settings: { tls: { caFile: files.caFile } },
    }));
    expect(exchange.response.status).toBe(200);
    expect(certA.presented).toEqual(['keyhole-test-client']);
    expect(certB.presented).toEqual(['']);
    expect(exchange.hops[0]?.removedHeaders).toContain('client certificate');
  });
});
