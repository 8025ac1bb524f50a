import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isKeyholeError } from '../../../shared/errors';
import { Collection, Request } from '../../../shared/model';
import { clearCookies, deleteCookie, listCookies, putCookie, revealCookie } from '../../../electron/engine/http';
import { openSession } from '../../../electron/engine/session';
import type { SecretStore } from '../../../electron/engine/secrets';
import { startHttpServer, type HttpTestServer } from '../../servers/http';

// #17 §5: the cookie manager edits the session's live jar: what it puts there is sent by the next
// request, listings mask values, and every change reaches the jar's file.
const noSecrets: SecretStore = { get: async () => undefined, set: async () => {}, delete: async () => {}, describe: () => '' };
const now = new Date('2026-12-01T10:00:00Z');
let server: HttpTestServer;
beforeAll(async () => { server = await startHttpServer((_q, res) => { res.end('ok'); }); });
afterAll(() => server.close());

describe('cookie manager over the live jar', () => {
  it('sends a cookie put by hand, lists it masked, reveals, deletes and clears, and saves the file', async () => {
    const stateDir = await mkdtemp(join(tmpdir(), 'keyhole-cookie-edit-'));
    const s = await openSession({ collection: Collection.parse({ name: 'C' }), secrets: noSecrets, tempDir: stateDir, stateDir, now: () => now });
    try {
      const key = { domain: '127.0.0.1', path: '/', name: 'sid' };
      await putCookie(s.cookieJar, { ...key, value: 'abcdef-secret-1234', secure: false, httpOnly: true }, now);
      await putCookie(s.cookieJar, { domain: 'other.example', path: '/', name: 'x', value: 'y', secure: false, httpOnly: false }, now);
      const listed = await listCookies(s.cookieJar);
      expect(listed.map((c) => [c.name, c.domain, c.httpOnly])).toEqual([['sid', '127.0.0.1', true], ['x', 'other.example', false]]);
      expect(JSON.stringify(listed)).not.toContain('abcdef-secret');
      expect(await revealCookie(s.cookieJar, key)).toBe('abcdef-secret-1234');

      await s.send(Request.parse({ name: 'r', url: `${server.url}/a` }));
      expect(server.requests.at(-1)?.header('cookie')).toBe('sid=abcdef-secret-1234');
      await s.saveCookies();
      expect(await readFile(join(stateDir, 'cookies', 'no-environment.json'), 'utf8')).toContain('abcdef-secret-1234');

      expect(await deleteCookie(s.cookieJar, key)).toBe(true);
      expect(await deleteCookie(s.cookieJar, key)).toBe(false);
      await s.send(Request.parse({ name: 'r', url: `${server.url}/b` }));
      expect(server.requests.at(-1)?.header('cookie')).toBeUndefined();
      await clearCookies(s.cookieJar);
      expect(await listCookies(s.cookieJar)).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('refuses a bad date or a name a cookie cannot hold, naming the cookie', async () => {
    const s = await openSession({ collection: Collection.parse({ name: 'C' }), secrets: noSecrets, tempDir: tmpdir() });
    try {
      const bad = await putCookie(s.cookieJar, { domain: 'a.example', path: '/', name: 'n', value: 'v', expires: 'soon', secure: false, httpOnly: false }, now).catch((e: unknown) => e);
      expect(isKeyholeError(bad) && bad.code).toBe('invalid-input');
      expect((bad as Error).message).toContain('Cookie "n"');
      const semi = await putCookie(s.cookieJar, { domain: 'a.example', path: '/', name: 'n', value: 'a;b', secure: false, httpOnly: false }, now).catch((e: unknown) => e);
      expect(isKeyholeError(semi) && semi.code).toBe('invalid-input');
      expect(await listCookies(s.cookieJar)).toEqual([]);
    } finally {
      await s.close();
    }
  });
});
