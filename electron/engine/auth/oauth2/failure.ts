import * as oauth from 'oauth4webapi';
import { KeyholeError, isKeyholeError } from '../../../../shared/errors';
import { redact } from '../../../../shared/mask';
import type { AuthContext } from '../types';
import type { LastAnswer } from './fetch-adapter';
import type { OAuth2 } from './oauth2-types';

/** "auth profile "Admin" (environment "staging")", or "the request's OAuth 2.0 auth" when inline. */
export function profileLabel(ctx: Pick<AuthContext, 'profile' | 'environment'>): string {
  if (!ctx.profile) return "the request's OAuth 2.0 auth";
  return ctx.environment ? `auth profile "${ctx.profile}" (environment "${ctx.environment}")` : `auth profile "${ctx.profile}"`;
}

/** A configuration problem found before anything is sent: names the profile and the field. */
export function configError(ctx: Pick<AuthContext, 'profile' | 'environment'>, field: string, problem: string, hint: string): KeyholeError {
  return new KeyholeError('auth-config', `OAuth 2.0 ${profileLabel(ctx)}: ${field} ${problem}`, {
    hint,
    details: { profile: ctx.profile, environment: ctx.environment, field },
  });
}

/** Every secret of the profile, so that nothing the server echoed back leaks into a message. */
export function profileSecrets(auth: OAuth2): string[] {
  return [auth.clientSecret, auth.password, auth.refreshToken, auth.privateKey].filter((s): s is string => !!s);
}

const OAUTH_HINTS: Record<string, string> = {
  invalid_client: 'Check the client ID, the client secret or key, and the client authentication method (clientAuth).',
  invalid_grant: 'The grant (code, refresh token, or username/password) was refused or has expired; sign in again.',
  invalid_scope: 'Ask only for scopes this client is allowed (scope).',
  unauthorized_client: 'The authorization server does not allow this grant type for this client.',
  unsupported_grant_type: 'The authorization server does not support this grant type.',
  invalid_target: 'The authorization server does not accept this resource/audience value.',
  access_denied: 'The user (or the server policy) denied the authorization.',
  expired_token: 'The device code expired before the user finished; start again.',
};

/**
 * Maps whatever a step with the authorization server threw (a transport KeyholeError, an
 * oauth4webapi error, an OAuth error response) to one KeyholeError that names the profile, the
 * endpoint and what happened.
 */
export function stepFailure(
  e: unknown,
  step: { what: string; endpoint: string; url: string },
  ctx: Pick<AuthContext, 'profile' | 'environment'>,
  last: LastAnswer | undefined,
  secrets: readonly string[],
): KeyholeError {
  const who = `OAuth 2.0 ${profileLabel(ctx)}`;
  const details = { profile: ctx.profile, environment: ctx.environment, endpoint: step.url };
  const clean = (s: string) => redact(s, secrets);
  if (isKeyholeError(e)) {
    if (e.code === 'cancelled') return e;
    if (e.code === 'auth-config' || e.code === 'auth-failed') return e;
    const how = e.code === 'timeout' ? 'timed out' : `failed (${e.code})`;
    return new KeyholeError('auth-failed', `${who}: the ${step.what} to ${step.url} ${how}: ${clean(e.message)}`, {
      hint: e.code === 'timeout'
        ? 'The authorization server did not answer in time; check that it is up, or raise the timeout.'
        : e.hint ?? 'Check the URL, that the server is running, and the proxy/TLS settings.',
      details: { ...details, cause: e.code },
      cause: e,
    });
  }
  if (e instanceof oauth.ResponseBodyError) {
    const desc = e.error_description ? `: ${clean(e.error_description)}` : '';
    return new KeyholeError('auth-failed', `${who}: the ${step.what} to ${step.url} was refused with HTTP ${e.status} ${e.error}${desc}`, {
      hint: OAUTH_HINTS[e.error] ?? 'See the error the authorization server gave.',
      details: { ...details, status: e.status, error: e.error },
    });
  }
  if (e instanceof oauth.WWWAuthenticateChallengeError) {
    return new KeyholeError('auth-failed', `${who}: the ${step.what} to ${step.url} was refused with HTTP ${e.status} and a WWW-Authenticate challenge (client authentication failed)`, {
      hint: OAUTH_HINTS.invalid_client,
      details: { ...details, status: e.status },
    });
  }
  const answered = last && last.url === step.url ? last : undefined;
  if (answered && isNotJsonLike(e)) {
    const type = answered.contentType || 'no Content-Type';
    const preview = clean(answered.preview.replace(/\s+/g, ' ').trim().slice(0, 80));
    return new KeyholeError('auth-failed', `${who}: the ${step.endpoint} ${step.url} answered ${answered.status} with ${type}, not a JSON response${preview ? ` ("${preview}")` : ''}`, {
      hint: 'Check the URL (tokenUrl / issuer): it probably points at a web page or a proxy error page, not the OAuth endpoint.',
      details: { ...details, status: answered.status, contentType: answered.contentType },
    });
  }
  const message = e instanceof Error ? e.message : String(e);
  return new KeyholeError('auth-failed', `${who}: the ${step.what} to ${step.url} failed: ${clean(message)}`, {
    hint: answered ? `The server answered HTTP ${answered.status} (${answered.contentType || 'no Content-Type'}).` : 'Check the authorization server settings of this profile.',
    details,
    cause: e,
  });
}

function isNotJsonLike(e: unknown): boolean {
  if (!(e instanceof oauth.OperationProcessingError)) return false;
  return e.code === oauth.RESPONSE_IS_NOT_JSON || e.code === oauth.PARSE_ERROR
    || e.code === oauth.RESPONSE_IS_NOT_CONFORM || e.code === oauth.INVALID_RESPONSE;
}
