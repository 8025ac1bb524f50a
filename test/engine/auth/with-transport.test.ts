import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sendWithAuth } from '../../../electron/engine/auth';
import { closeDispatchers, DEFAULT_SETTINGS, send } from '../../../electron/engine/http';
import { startDigestServer } from '../../servers/digest-server';
import { makeCtx, prepared } from './helpers';

afterAll(async () => { await closeDispatchers(); });

describe('auth over the engine transport (send)', () => {
  it('Digest: challenge answered, then the nonce reused with no second 401', async () => {
    const server = await startDigestServer({ users: { Mufasa: 'Circle of Life' }, algorithms: ['SHA-256', 'MD5'] });
    try {
      const tempDir = await mkdtemp(join(tmpdir(), 'keyhole-auth-send-'));
      const ctx = makeCtx({ send: (r) => send(r, { settings: { ...DEFAULT_SETTINGS, http2: false, proxy: { mode: 'none' } }, tempDir }) });
      const auth = { type: 'digest' as const, username: 'Mufasa', password: 'Circle of Life' };
      const a = await sendWithAuth(auth, prepared(`${server.url}/one`), ctx);
      const b = await sendWithAuth(auth, prepared(`${server.url}/two`), ctx);
      expect([a.response.status, b.response.status]).toEqual([200, 200]);
      expect(server.unauthorized()).toBe(1);
      expect(server.seen[1]).toMatch(/algorithm=SHA-256/);
    } finally {
      await server.close();
    }
  });
});
