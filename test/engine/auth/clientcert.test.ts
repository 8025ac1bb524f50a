import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyAuth } from '../../../electron/engine/auth';
import { isKeyholeError } from '../../../shared/errors';
import { startHttpsServer, type HttpsTestServer } from '../../servers/https';
import { makeCtx, prepared } from './helpers';

let server: HttpsTestServer;
beforeAll(async () => {
  server = await startHttpsServer((_req, res) => { res.end('hello client'); }, { requireClientCert: true });
});
afterAll(async () => { await server.close(); });

describe('client certificate profile', () => {
  it('leaves headers alone, hands the certificate to the transport, and the mTLS server accepts it', async () => {
    const ctx = makeCtx({ ca: server.caCert, baseDir: server.files.dir });
    const out = await applyAuth({ type: 'clientcert', certFile: 'client.pem', keyFile: 'client-key.pem' }, prepared(`${server.url}/`), ctx);
    expect(out.headers).toEqual([]);
    expect(out.tls).toEqual({ certFile: join(server.files.dir, 'client.pem'), keyFile: join(server.files.dir, 'client-key.pem') });
    expect(ctx.logs.join('\n')).toMatch(/keyhole-test-client/);
    const x = await ctx.send(out);
    expect(x.response.status).toBe(200);
    expect(server.clientCertSubjects).toContain('keyhole-test-client');
  });

  it('a key that does not match the certificate is an auth-config error on keyFile', async () => {
    const other = join(server.files.dir, 'other-key.pem');
    await writeFile(other, server.pki.serverKey);
    const err = await applyAuth({ type: 'clientcert', certFile: server.files.clientCertFile, keyFile: other }, prepared(`${server.url}/`), makeCtx()).catch((e: unknown) => e);
    expect(isKeyholeError(err) && err.code === 'auth-config' && err.message.includes('"keyFile"')).toBe(true);
  });

  it('a file that is not a certificate is an auth-config error on certFile', async () => {
    const err = await applyAuth({ type: 'clientcert', certFile: server.files.clientKeyFile, keyFile: server.files.clientKeyFile }, prepared(`${server.url}/`), makeCtx()).catch((e: unknown) => e);
    expect(isKeyholeError(err) && err.code === 'auth-config' && err.message.includes('"certFile"')).toBe(true);
  });
});
