import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendHistory, defaultStateDir, loadCookieJar, readHistory, saveCookieJar } from '../../../electron/engine/workspace';
import { removeDir, tempDir } from './helpers';

let dir: string;
beforeEach(async () => { dir = await tempDir('keyhole-state-'); });
afterEach(async () => { await removeDir(dir); });

describe('state outside the collection', () => {
  it('defaults to XDG_STATE_HOME/keyhole/<16 hex of the collection path hash>, else ~/.local/state', () => {
    const a = defaultStateDir('/work/api', { XDG_STATE_HOME: '/xdg' }, '/home/ada');
    expect(a).toMatch(/^\/xdg\/keyhole\/[0-9a-f]{16}$/);
    expect(defaultStateDir('/work/api', {}, '/home/ada')).toBe(a.replace('/xdg', '/home/ada/.local/state'));
    expect(defaultStateDir('/work/other', { XDG_STATE_HOME: '/xdg' }, '/h')).not.toBe(a);
    // A relative XDG_STATE_HOME is invalid per the spec and ignored.
    expect(defaultStateDir('/work/api', { XDG_STATE_HOME: 'rel' }, '/home/ada')).toBe(a.replace('/xdg', '/home/ada/.local/state'));
  });

  it('keeps one cookie jar per environment, readable by its owner only', async () => {
    await saveCookieJar(dir, 'Staging', '{"cookies":["a"]}');
    await saveCookieJar(dir, 'staging', '{"cookies":["b"]}');
    await saveCookieJar(dir, undefined, '{"cookies":[]}');
    expect(await loadCookieJar(dir, 'Staging')).toBe('{"cookies":["a"]}');
    expect(await loadCookieJar(dir, 'staging')).toBe('{"cookies":["b"]}');
    expect(await loadCookieJar(dir, undefined)).toBe('{"cookies":[]}');
    expect(await loadCookieJar(dir, 'Production')).toBeUndefined();
    if (process.platform !== 'win32') expect((await stat(join(dir, 'cookies'))).mode & 0o077).toBe(0);
  });

  it('keeps the newest history entries with secrets redacted from URLs', async () => {
    for (let i = 0; i < 5; i++) {
      await appendHistory(dir, { at: `2026-01-0${i + 1}T00:00:00Z`, request: ['Users', 'Get'], method: 'GET', url: `http://h/u?key=abcd1234efgh5678&i=${i}`, status: 200 }, { limit: 3, secrets: ['abcd1234efgh5678'] });
    }
    const h = await readHistory(dir);
    expect(h.map((e) => e.at)).toEqual(['2026-01-05T00:00:00Z', '2026-01-04T00:00:00Z', '2026-01-03T00:00:00Z']);
    expect(h[0]?.url).toBe('http://h/u?key=****&i=4');
  });
});
