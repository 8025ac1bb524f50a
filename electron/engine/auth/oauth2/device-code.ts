import * as oauth from 'oauth4webapi';
import { KeyholeError } from '../../../../shared/errors';
import { configError, profileLabel, profileSecrets, stepFailure } from './failure';
import { extraParameters, metadataFor, tokenEndpoint } from './grants';
import type { ServerSession } from './oauth2-types';

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** Waits, or rejects with a `cancelled` KeyholeError as soon as the signal aborts. */
export const realSleep: Sleep = (ms, signal) => new Promise<void>((resolve, reject) => {
  if (signal?.aborted) return reject(new KeyholeError('cancelled', 'the sign-in was cancelled'));
  const timer = setTimeout(() => {
    signal?.removeEventListener('abort', onAbort);
    resolve();
  }, ms);
  const onAbort = () => {
    clearTimeout(timer);
    reject(new KeyholeError('cancelled', 'the sign-in was cancelled'));
  };
  signal?.addEventListener('abort', onAbort, { once: true });
});

// RFC 8628 §3.2: "If no value is provided, clients MUST use 5 as the default."
const DEFAULT_INTERVAL_S = 5;

/**
 * RFC 8628: asks for a device code, shows the user where to go and which code to enter (through
 * ctx.prompt), then polls the token endpoint every `interval` seconds: `authorization_pending`
 * keeps polling, `slow_down` adds 5 seconds for this and every later poll (§3.5), and
 * `access_denied` / `expired_token` end the flow with an error that says so.
 */
export async function deviceCodeGrant(s: ServerSession, sleep: Sleep): Promise<oauth.TokenEndpointResponse> {
  const { auth, ctx, as } = s;
  const endpoint = as.device_authorization_endpoint;
  if (!endpoint) {
    throw configError(ctx, 'deviceAuthorizationUrl', 'is not set and the discovery document names no device_authorization_endpoint', 'Set deviceAuthorizationUrl explicitly.');
  }
  let device: oauth.DeviceAuthorizationResponse;
  try {
    const res = await oauth.deviceAuthorizationRequest(as, s.client, s.clientAuth, extraParameters(auth), s.options);
    device = await oauth.processDeviceAuthorizationResponse(as, s.client, res);
  } catch (e) {
    throw stepFailure(e, { what: 'device authorization request', endpoint: 'device authorization endpoint', url: endpoint }, ctx, s.http.last(), profileSecrets(auth));
  }
  const complete = device.verification_uri_complete ? ` (or open ${device.verification_uri_complete})` : '';
  ctx.prompt?.(`To sign in, open ${device.verification_uri} and enter the code ${device.user_code}${complete}`);
  let interval = device.interval ?? DEFAULT_INTERVAL_S;
  ctx.log(`device authorization: asked the user to sign in at ${device.verification_uri}; polling every ${interval} s for up to ${device.expires_in} s`);
  const deadline = ctx.now().getTime() + device.expires_in * 1000;
  for (;;) {
    await sleep(interval * 1000, ctx.signal);
    const outcome = await poll(s, device.device_code);
    if (typeof outcome === 'object') return outcome;
    if (outcome === 'slow_down') {
      interval += 5;
      ctx.log(`device authorization: the server asked to slow down; polling every ${interval} s`);
    }
    if (ctx.now().getTime() > deadline) {
      throw new KeyholeError('auth-failed', `OAuth 2.0 ${profileLabel(ctx)}: the device code expired before the user signed in`, {
        hint: 'Send again and finish the sign-in within the time shown.',
        details: { profile: ctx.profile, environment: ctx.environment },
      });
    }
  }
}

async function poll(s: ServerSession, deviceCode: string): Promise<oauth.TokenEndpointResponse | 'authorization_pending' | 'slow_down'> {
  try {
    const res = await oauth.deviceCodeGrantRequest(s.as, s.client, s.clientAuth, deviceCode, s.options);
    return await oauth.processDeviceCodeResponse(await metadataFor(s, res), s.client, res);
  } catch (e) {
    if (e instanceof oauth.ResponseBodyError && (e.error === 'authorization_pending' || e.error === 'slow_down')) return e.error;
    throw stepFailure(e, { what: 'token request', endpoint: 'token endpoint', url: tokenEndpoint(s) }, s.ctx, s.http.last(), profileSecrets(s.auth));
  }
}
