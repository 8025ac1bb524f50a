import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Collection, Request } from '../../../shared/model';
import { startDemoServer, type DemoServer } from '../../../electron/engine/demo';
import { openSession } from '../../../electron/engine/session';
import type { SecretStore } from '../../../electron/engine/secrets';

let demo: DemoServer;
beforeAll(async () => { demo = await startDemoServer(); });
afterAll(async () => { await demo.close(); });

const noSecrets: SecretStore = { get: async () => undefined, set: async () => {}, delete: async () => {}, describe: () => 'set it' };
const temp = () => mkdtempSync(join(tmpdir(), 'keyhole-cookie-state-'));
const collection = () => Collection.parse({ name: 'c', variables: [{ key: 'base', value: demo.url }] });
const echo = Request.parse({ name: 'Echo', url: '{{base}}/echo' });
const login = Request.parse({ name: 'Login', method: 'POST', url: '{{base}}/session/login', body: { mode: 'form-urlencoded', fields: [{ key: 'username', value: 'demo' }, { key: 'password', value: 'demo-password' }] } });
/** The jar file of a session with no environment. */
const jarOf = (state: string) => join(state, 'cookies', 'no-environment.json');

async function session(state: string, requests: Request[]): Promise<void> {
  const s = await openSession({ collection: collection(), secrets: noSecrets, tempDir: temp(), stateDir: state });
  for (const r of requests) expect((await s.send(r)).exchange.response.status).toBe(200);
  await s.close();
}

describe('the cookie jar file of a session', () => {
  it('is not created by a session that never held a cookie', async () => {
    const state = temp();
    await session(state, [echo, echo]);
    expect(existsSync(join(state, 'cookies'))).toBe(false);
  });

  it('is written when the jar changed, and left as it was (same file, same time) when it did not', async () => {
    const state = temp();
    await session(state, [login]);
    expect(readFileSync(jarOf(state), 'utf8')).toContain('"key":"sid"');
    const before = statSync(jarOf(state));
    // The login cookie is for /session only: /echo neither sends nor touches it.
    await session(state, [echo]);
    const after = statSync(jarOf(state));
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
  });

  it('is replaced by the fresh jar when it could not be read', async () => {
    const state = temp();
    mkdirSync(join(state, 'cookies'), { recursive: true });
    writeFileSync(jarOf(state), '{ not a jar');
    await session(state, [echo]);
    expect(JSON.parse(readFileSync(jarOf(state), 'utf8'))).toMatchObject({ cookies: [] });
  });
});
