// Issue 18 section 2: pm.sendRequest goes out with the collection's transport settings (TLS
// verification, extra CAs, the client certificate, the proxy), as the collection's own requests do.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Collection } from '../../../shared/model';
import { openSession } from '../../../electron/engine/session';
import { runCollection, scriptedExecutor, type RequestResult } from '../../../electron/engine/runner';
import { createScriptEngine, type ScriptEngine } from '../../../electron/engine/scripts';
import type { SecretStore } from '../../../electron/engine/secrets';
import { echoHandler, startHttpServer, type HttpTestServer } from '../../servers/http';
import { startHttpsServer, type HttpsTestServer } from '../../servers/https';
import { startProxyServer, type ProxyTestServer } from '../../servers/proxy';

let plain: HttpTestServer;
let mtls: HttpsTestServer;
let selfSigned: HttpsTestServer;
let proxy: ProxyTestServer;
let engine: ScriptEngine;
beforeAll(async () => {
  [plain, mtls, selfSigned, proxy] = await Promise.all([
    startHttpServer(echoHandler), startHttpsServer(echoHandler, { requireClientCert: true }), startHttpsServer(echoHandler, { selfSigned: true }), startProxyServer(),
  ]);
  engine = await createScriptEngine({ thread: 'inline' });
});
afterAll(async () => {
  engine.dispose();
  await Promise.all([plain.close(), mtls.close(), selfSigned.close(), proxy.close()]);
});

const noSecrets: SecretStore = { get: async () => undefined, set: async () => {}, delete: async () => {}, describe: () => '' };

/** One request whose pre-request script sends to `target` and records the outcome as assertions. */
async function sendFromScript(settings: Collection['settings'], target: string): Promise<RequestResult> {
  const collection = Collection.parse({
    name: 'transport', settings,
    items: [{
      // The carrier itself goes direct: whatever reaches the proxy was sent by its script.
      kind: 'request', name: 'Carrier', url: `${plain.url}/carrier`, settings: { proxy: { mode: 'none' } },
      scripts: { preRequest: `pm.sendRequest('${target}/from-script', (err, res) => {
        pm.test('sent', () => pm.expect(err, err && err.message).to.equal(null));
        pm.test('answered 200', () => pm.expect(res && res.code).to.equal(200));
      });` },
    }],
  });
  const session = await openSession({ collection, secrets: noSecrets, tempDir: mkdtempSync(join(tmpdir(), 'keyhole-send-transport-')), env: {} });
  const results: RequestResult[] = [];
  await runCollection({ collection, execute: scriptedExecutor({ session, collection, engine, iterationCount: 1 }), reporters: [{ onRequest: (r) => { results.push(r); } }] });
  await session.close();
  return results[0] as RequestResult;
}

const verdicts = (r: RequestResult) => r.assertions.filter((a) => a.name !== 'status is below 400').map((a) => `${a.name}:${a.passed}`);

describe('pm.sendRequest with the collection transport settings', () => {
  it('presents the client certificate and trusts the extra CA', async () => {
    const files = mtls.files;
    expect(verdicts(await sendFromScript({}, mtls.url))).toEqual(['sent:false', 'answered 200:false']);
    const r = await sendFromScript({ tls: { caFile: files.caFile, certFile: files.clientCertFile, keyFile: files.clientKeyFile } }, mtls.url);
    expect(verdicts(r)).toEqual(['sent:true', 'answered 200:true']);
    expect(mtls.clientCertSubjects).toContain('keyhole-test-client');
  });

  it('skips verification when the collection turns it off', async () => {
    expect(verdicts(await sendFromScript({}, selfSigned.url))).toEqual(['sent:false', 'answered 200:false']);
    expect(verdicts(await sendFromScript({ tls: { verify: false } }, selfSigned.url))).toEqual(['sent:true', 'answered 200:true']);
  });

  it('goes through the collection proxy', async () => {
    const before = proxy.proxied.length;
    const r = await sendFromScript({ proxy: { mode: 'custom', url: proxy.url } }, plain.url);
    expect(verdicts(r)).toEqual(['sent:true', 'answered 200:true']);
    // undici tunnels plain http through the proxy too: the proxy records the target's host:port.
    expect(proxy.proxied.slice(before)).toEqual([`127.0.0.1:${plain.port}`]);
  });
});
