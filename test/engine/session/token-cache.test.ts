import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Request } from '../../../shared/model';
import { startDemoServer, type DemoServer } from '../../../electron/engine/demo';
import { EncryptedFileSecretStore, EnvSecretStore } from '../../../electron/engine/secrets';
import { openSession } from '../../../electron/engine/session';
import { aesCipher } from '../secrets/aes-cipher';

let demo: DemoServer;
beforeAll(async () => { demo = await startDemoServer(); });
afterAll(async () => { await demo.close(); });

const EXAMPLE = join(process.cwd(), 'examples', 'demo-workspace');
const report = Request.parse({ name: 'Admin report', url: '{{baseUrl}}/admin/report', auth: { type: 'profile', profile: 'Admin' } });
const runtime = () => new Map([['baseUrl', demo.url]]);
const authLog = (x: { exchange: { authLog: { message: string }[] } }) => x.exchange.authLog.map((l) => l.message).join('\n');

describe('OAuth 2.0 tokens across sessions', () => {
  it('the desktop store keeps the token encrypted, so the next session does not sign in again', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'keyhole-tokens-')), 'secrets.bin');
    const cipher = aesCipher();
    const store = new EncryptedFileSecretStore({ file, cipher });
    await store.set('Production', 'Admin.clientSecret', 'demo-client-secret');
    await store.set('Production', 'apiKey', 'demo-api-key-0123456789');
    await store.set('Production', 'demoPassword', 'demo-password');
    const temp = mkdtempSync(join(tmpdir(), 'keyhole-tmp-'));

    const first = await openSession({ collectionDir: EXAMPLE, environment: 'production', secrets: store, tempDir: temp });
    const a = await first.send(report, [], runtime());
    expect(a.exchange.response.status).toBe(200);
    expect(authLog(a)).toMatch(/got an access token/);
    await first.close();
    const token = /Bearer (\S+)/.exec(a.exchange.request.headers.find(([k]) => k.toLowerCase() === 'authorization')?.[1] ?? '')?.[1] ?? '';
    expect(token.length).toBeGreaterThan(20);
    expect(readFileSync(file).toString('latin1')).not.toContain(token);

    const second = await openSession({ collectionDir: EXAMPLE, environment: 'production', secrets: new EncryptedFileSecretStore({ file, cipher }), tempDir: temp });
    const b = await second.send(report, [], runtime());
    expect(b.exchange.response.status).toBe(200);
    expect(authLog(b)).toMatch(/using the cached access token/);
  });

  it('a read-only store (the CLI) keeps tokens for the session only', async () => {
    const env = { KEYHOLE_SECRET_PRODUCTION_ADMIN_CLIENTSECRET: 'demo-client-secret' };
    const temp = mkdtempSync(join(tmpdir(), 'keyhole-tmp-'));
    const s = await openSession({ collectionDir: EXAMPLE, environment: 'production', secrets: new EnvSecretStore({ env }), tempDir: temp });
    expect(authLog(await s.send(report, [], runtime()))).toMatch(/got an access token/);
    expect(authLog(await s.send(report, [], runtime()))).toMatch(/using the cached access token/);
    const t = await openSession({ collectionDir: EXAMPLE, environment: 'production', secrets: new EnvSecretStore({ env }), tempDir: temp });
    expect(authLog(await t.send(report, [], runtime()))).toMatch(/got an access token/);
  });
});
