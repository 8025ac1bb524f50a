import { describe, expect, it } from 'vitest';
import { createOAuth2Scheme } from '../../../../electron/engine/auth/oauth2';
import { isKeyholeError } from '../../../../shared/errors';
import { startDeviceServer } from '../../../servers/oauth-device-server';
import { apiRequest, authorizationOf, harness, oauth2 } from './harness';

/** A scheme whose waits are recorded instead of slept: the intervals are the behaviour under test. */
function recordingScheme() {
  const waits: number[] = [];
  const scheme = createOAuth2Scheme({ sleep: async (ms) => { waits.push(ms); } });
  return { scheme, waits };
}

describe('device authorization polling (RFC 8628 §3.4, §3.5)', () => {
  it('waits `interval` between polls, keeps polling on authorization_pending, adds 5 s for good on slow_down', async () => {
    const srv = await startDeviceServer(['authorization_pending', 'slow_down', 'authorization_pending', 'token'], 2);
    try {
      const { scheme, waits } = recordingScheme();
      const h = harness();
      const auth = oauth2({ grant: 'device_code', clientId: 'tv', clientAuth: 'none', tokenUrl: `${srv.url}/token`, deviceAuthorizationUrl: `${srv.url}/device` });
      const req = await scheme.apply(auth, apiRequest(`${srv.url}/api`), h.ctx);
      expect(authorizationOf(req)).toBe('Bearer device-access-token-4');
      expect(waits).toEqual([2000, 2000, 7000, 7000]);
      expect(srv.polls).toEqual(['dev-code-1', 'dev-code-1', 'dev-code-1', 'dev-code-1']);
      expect(h.prompts).toEqual(['To sign in, open http://127.0.0.1/activate and enter the code WDJB-MJHT']);
      expect(h.logs.join('\n')).toContain('asked to slow down; polling every 7 s');
    } finally {
      await srv.close();
    }
  });

  it('expired_token ends the flow with an error naming the profile', async () => {
    const srv = await startDeviceServer(['authorization_pending', 'expired_token']);
    try {
      const { scheme } = recordingScheme();
      const h = harness();
      const auth = oauth2({ grant: 'device_code', clientId: 'tv', clientAuth: 'none', tokenUrl: `${srv.url}/token`, deviceAuthorizationUrl: `${srv.url}/device` });
      const e = await scheme.apply(auth, apiRequest(`${srv.url}/api`), h.ctx).catch((x: unknown) => x);
      expect(isKeyholeError(e) && e.code).toBe('auth-failed');
      expect((e as Error).message).toContain('expired_token');
      expect((e as Error).message).toContain('auth profile "Partner app"');
      expect(srv.polls).toHaveLength(2);
    } finally {
      await srv.close();
    }
  });
});
