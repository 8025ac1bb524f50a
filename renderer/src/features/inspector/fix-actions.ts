import type { Finding } from '../../../../shared/inspector/report';
import { canRefresh, describeSource, signsIn, type AuthSource } from './auth-source';

export const AUTH_FINDINGS = new Set(['no-credentials', 'scheme-mismatch', 'credentials-rejected', 'api-key-misplaced', 'malformed-basic-credentials', 'session-missing', 'session-expired', 'challenge-missing']);
export const TOKEN_FINDINGS = new Set(['token-expired', 'token-not-yet-valid', 'token-malformed', 'token-signature-invalid', 'token-audience-mismatch', 'token-issuer-mismatch', 'insufficient-scope']);
// Findings whose explainer fix is "refresh the token": true only where the auth can refresh.
const REFRESH_FIXES = new Set(['token-expired']);

/** The request's credentials that a user edits by hand: everything but an OAuth 2.0 flow. */
const staticCredentials = (s: AuthSource): boolean => s.auth !== undefined && s.auth.type !== 'oauth2';

/**
 * The fix lines for a finding, with the source of the request's auth named: the explainer knows
 * the exchange, not where its credentials were set, and suggests refreshing a token even when the
 * token is a static one that Keyhole cannot refresh.
 */
export function fixesFor(finding: Finding, source: AuthSource | undefined): string[] {
  if (!source || !(AUTH_FINDINGS.has(finding.id) || TOKEN_FINDINGS.has(finding.id))) return finding.fixes;
  const where = describeSource(source);
  if (REFRESH_FIXES.has(finding.id) && !canRefresh(source)) {
    if (signsIn(source)) return [`Sign in again: the token came from ${where}, which gets a new one by signing in`, ...finding.fixes.slice(2)];
    const edit = source.profile !== undefined ? `Replace the token in profile ${source.profile} of ${source.environment ?? 'the environment'} (Environments)`
      : source.level === 'request' ? "Replace the token in this request's Auth tab"
        : source.level === 'folder' ? `Replace the token in the auth of folder ${source.folder ?? ''}` : "Replace the token in the collection's auth";
    return [`The token is static, from ${where}: Keyhole cannot refresh it. ${edit}, or switch to a profile that gets its own tokens (OAuth 2.0)`, ...finding.fixes.slice(2)];
  }
  return [...finding.fixes, `The request sent ${where}`];
}

export type FixAction =
  | { kind: 'refresh'; label: string }
  | { kind: 'edit-request'; label: string }
  | { kind: 'edit-profile'; label: string }
  | { kind: 'switch-profile'; label: string; profile: string }
  | { kind: 'open-settings'; label: string; section: 'Auth' | 'Settings' };

/** The actions a finding's card offers for the request on show: only those that can work for its auth. */
export function actionsFor(finding: Finding, source: AuthSource | undefined, profiles: readonly string[]): FixAction[] {
  if (finding.id === 'proxy-auth-required') return [{ kind: 'open-settings', label: 'Open proxy settings', section: 'Settings' }];
  const token = TOKEN_FINDINGS.has(finding.id);
  const auth = AUTH_FINDINGS.has(finding.id) || token;
  const out: FixAction[] = [];
  if (source && token && canRefresh(source)) out.push({ kind: 'refresh', label: 'Refresh token now' });
  else if (source && auth && signsIn(source)) out.push({ kind: 'refresh', label: 'Sign in again' });
  if (source && auth && staticCredentials(source)) {
    const noun = source.auth?.type === 'bearer' ? 'token' : 'credentials';
    if (source.profile !== undefined) out.push({ kind: 'edit-profile', label: `Edit profile ${source.profile}` });
    else if (source.level === 'request') out.push({ kind: 'edit-request', label: `Edit the ${noun}` });
  }
  if (auth) for (const p of profiles) if (p !== source?.profile) out.push({ kind: 'switch-profile', label: `Switch to profile ${p}`, profile: p });
  if (!out.some((a) => a.kind === 'edit-request' || a.kind === 'edit-profile')) out.push({ kind: 'open-settings', label: 'Open auth settings', section: 'Auth' });
  return out;
}
