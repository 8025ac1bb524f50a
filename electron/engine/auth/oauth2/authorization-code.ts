import * as oauth from 'oauth4webapi';
import { KeyholeError, isKeyholeError } from '../../../../shared/errors';
import { configError, profileLabel } from './failure';
import { atTokenEndpoint, extraParameters, metadataFor } from './grants';
import { openLoopback } from './loopback';
import type { ServerSession } from './oauth2-types';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * RFC 6749 §4.1 with PKCE (RFC 7636, S256) for a native app (RFC 8252): the redirect comes back to
 * a loopback server this function starts, the user signs in in the system browser (desktop) or
 * opens the printed URL (CLI). Waits at most `timeoutMs` for the browser, and stops on ctx.signal.
 */
export async function authorizationCodeGrant(s: ServerSession, timeoutMs: number): Promise<oauth.TokenEndpointResponse> {
  const { auth, ctx, as } = s;
  if (!as.authorization_endpoint) {
    throw configError(ctx, 'authorizationUrl', 'is not set and the discovery document names no authorization_endpoint', 'Set authorizationUrl explicitly.');
  }
  const requested = auth.redirectUri ? new URL(auth.redirectUri) : undefined;
  if (requested && (requested.protocol !== 'http:' || !LOOPBACK_HOSTS.has(requested.hostname))) {
    throw configError(ctx, 'redirectUri', `"${auth.redirectUri}" is not a loopback address Keyhole can listen on`,
      'Register a loopback redirect such as http://127.0.0.1/callback with the authorization server (RFC 8252 §7.3), or leave redirectUri empty.');
  }
  const loop = await openLoopback(requested);
  try {
    const state = oauth.generateRandomState();
    const verifier = oauth.generateRandomCodeVerifier();
    const url = new URL(as.authorization_endpoint);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('client_id', auth.clientId);
    url.searchParams.set('redirect_uri', loop.redirectUri);
    url.searchParams.set('state', state);
    for (const [k, v] of extraParameters(auth)) url.searchParams.set(k, v);
    if (auth.usePkce) {
      url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(verifier));
      url.searchParams.set('code_challenge_method', 'S256');
    }
    ctx.log(`authorization code${auth.usePkce ? ' + PKCE (S256)' : ''}: sign-in opened at ${as.authorization_endpoint}, waiting on ${loop.redirectUri}`);
    await ctx.openBrowser?.(url.href);
    let callback: URL;
    try {
      callback = await loop.waitForCallback({ state, timeoutMs, signal: ctx.signal });
    } catch (e) {
      if (isKeyholeError(e) && e.code === 'timeout') {
        throw new KeyholeError('auth-failed', `OAuth 2.0 ${profileLabel(ctx)}: ${e.message}`, { hint: e.hint, details: { profile: ctx.profile, environment: ctx.environment } });
      }
      throw e;
    }
    let params: URLSearchParams;
    try {
      params = oauth.validateAuthResponse(as, s.client, callback.searchParams, state);
    } catch (e) {
      const error = e instanceof oauth.AuthorizationResponseError ? `${e.error}${e.error_description ? `: ${e.error_description}` : ''}` : e instanceof Error ? e.message : String(e);
      throw new KeyholeError('auth-failed', `OAuth 2.0 ${profileLabel(ctx)}: the authorization server refused the sign-in (${error})`, {
        hint: 'See the reason above; check the scope, the redirect URI registered for the client, and that the user consented.',
        details: { profile: ctx.profile, environment: ctx.environment, endpoint: as.authorization_endpoint },
      });
    }
    return await atTokenEndpoint(s, 'token request', async () => {
      const res = await oauth.authorizationCodeGrantRequest(as, s.client, s.clientAuth, params, loop.redirectUri, auth.usePkce ? verifier : oauth.nopkce, {
        ...s.options,
        additionalParameters: extraParameters(auth, { scope: false }),
      });
      return oauth.processAuthorizationCodeResponse(await metadataFor(s, res), s.client, res);
    });
  } finally {
    await loop.close();
  }
}
