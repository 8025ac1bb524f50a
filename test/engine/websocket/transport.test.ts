import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explainIfRefused } from '../../../shared/inspector';
import { Collection, WebSocketRequest, type RequestSettings } from '../../../shared/model';
import { openSession } from '../../../electron/engine/session';
import type { SecretStore } from '../../../electron/engine/secrets';
import { testPki, writePkiFiles, type TestPkiFiles } from '../../servers/certs';
import { startProxyServer, type ProxyTestServer } from '../../servers/proxy';
import { startWsServer, type WsTestServer } from '../../servers/websocket';

const noSecrets: SecretStore = { get: async () => undefined, set: async () => {}, delete: async () => {}, describe: () => 'set it' };

let files: TestPkiFiles;
let wss: WsTestServer;
let mtls: WsTestServer;
let plain: WsTestServer;
let proxy: ProxyTestServer;

beforeAll(async () => {
  const pki = await testPki();
  files = await writePkiFiles(pki);
  [wss, mtls, plain, proxy] = await Promise.all([
    startWsServer({ tls: { key: pki.serverKey, cert: pki.serverCert } }),
    startWsServer({ tls: { key: pki.serverKey, cert: pki.serverCert, ca: pki.caCert, requestCert: true } }),
    startWsServer(),
    startProxyServer({ auth: { username: 'px', password: 'proxy-pass-123' } }),
  ]);
});
afterAll(async () => { await Promise.all([wss.close(), mtls.close(), plain.close(), proxy.close()]); });

async function play(url: string, settings: RequestSettings) {
  const s = await openSession({ collection: Collection.parse({ name: 't' }), secrets: noSecrets, tempDir: mkdtempSync(join(tmpdir(), 'keyhole-wst-')), env: {} });
  return s.send(WebSocketRequest.parse({ kind: 'websocket', name: 'T', url, settings: { proxy: { mode: 'none' }, ...settings }, messages: [{ name: 'm', text: 'ping?' }], wait: { messages: 1 } }));
}

describe('the WebSocket handshake with the request\'s TLS and proxy settings', () => {
  it('refuses an untrusted wss:// certificate naming the cause, and trusts it with the CA file', async () => {
    await expect(play(`${wss.wsUrl}/echo`, {})).rejects.toMatchObject({ code: 'tls' });
    const ok = await play(`${wss.wsUrl}/echo`, { tls: { caFile: files.caFile } });
    expect(ok.exchange.response.status).toBe(101);
    expect(ok.exchange.tls?.verified).toBe(true);
    expect(ok.exchange.stream?.messages.filter((m) => m.direction === 'in').map((m) => m.data)).toEqual(['ping?']);
  });

  it('presents the client certificate a server requires', async () => {
    await expect(play(`${mtls.wsUrl}/echo`, { tls: { caFile: files.caFile } })).rejects.toMatchObject({ code: expect.stringMatching(/tls|network/) });
    const ok = await play(`${mtls.wsUrl}/echo`, { tls: { caFile: files.caFile, certFile: files.clientCertFile, keyFile: files.clientKeyFile } });
    expect(ok.exchange.response.status).toBe(101);
  });

  it('goes through a custom proxy with its credentials (CONNECT), masks them, and explains the 407 without them', async () => {
    const ok = await play(`${plain.wsUrl}/echo`, { proxy: { mode: 'custom', url: proxy.url, username: 'px', password: 'proxy-pass-123' } });
    expect(ok.exchange.response.status).toBe(101);
    expect(proxy.proxied).toContain(`127.0.0.1:${plain.port}`);
    expect(JSON.stringify(ok.masked)).not.toContain('proxy-pass-123');
    // Without credentials the proxy's 407 is the handshake's answer, explained like any 407.
    const refused = await play(`${plain.wsUrl}/echo`, { proxy: { mode: 'custom', url: proxy.url } });
    expect(refused.exchange.response.status).toBe(407);
    expect(proxy.refused).toBeGreaterThan(0);
    expect(explainIfRefused(refused.exchange)?.findings[0]?.id).toBe('proxy-auth-required');
  });
});
