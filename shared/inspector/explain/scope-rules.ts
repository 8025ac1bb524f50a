import { bearerView } from '../challenge';
import { grantedScopes } from '../jwt/claims';
import type { Finding } from '../report';
import { headerValue, type RefusalContext } from './context';
import { clip, finding } from './finding';

/**
 * insufficient-scope, from wherever the server says which scope it needs: the RFC 6750 challenge,
 * or vendor headers and bodies outside WWW-Authenticate (GitHub's X-Accepted-OAuth-Scopes, GitLab's
 * "scope" field, Auth0's "expected any of", HubSpot's requiredGranularScopes); and what the token
 * holds: its scope/scp claims, GitHub's X-OAuth-Scopes, a registry token's "access" claim.
 */

interface Need {
  scopes: string[];
  /** Any one of them would do (GitHub, Auth0, HubSpot say so); otherwise all are needed (RFC 6750). */
  anyOf: boolean;
  source: string;
}

const list = (v: string): string[] => v.split(/[\s,]+/).map((s) => s.trim()).filter((s) => s !== '');

function needs(ctx: RefusalContext): Need[] {
  const out: Need[] = [];
  const challenge = ctx.challenges.find((c) => c.params.error !== undefined || c.params.scope !== undefined);
  const view = challenge ? bearerView(challenge) : undefined;
  if (view && view.scope.length > 0) out.push({ scopes: view.scope, anyOf: false, source: `${ctx.challengeHeaderName} scope="${view.scope.join(' ')}"` });
  const accepted = headerValue(ctx.resHeaders, 'x-accepted-oauth-scopes');
  if (accepted && list(accepted).length > 0) out.push({ scopes: list(accepted), anyOf: true, source: `X-Accepted-OAuth-Scopes: ${accepted}` });
  const expected = /expected (any|all) of:\s*([a-z0-9:._/ ,-]+)/i.exec(ctx.messages.join('\n'));
  if (expected?.[2]) out.push({ scopes: list(expected[2]), anyOf: expected[1]?.toLowerCase() === 'any', source: `Body: ${clip(expected[0])}` });
  const fromBody = bodyScopes(ctx.json, 0);
  if (fromBody.length > 0) out.push({ scopes: [...new Set(fromBody)], anyOf: /one or more of|any of/.test(ctx.said), source: `Body lists: ${[...new Set(fromBody)].join(', ')}` });
  return out;
}

const SCOPE_LIST_KEY = /^(required|missing|needed)(granular)?scopes?$|^needed$/i;

/** Scope lists in a JSON body ("requiredGranularScopes", "missingScopes"), and GitLab's top-level "scope". */
function bodyScopes(v: unknown, depth: number, key = ''): string[] {
  if (depth > 4 || v === null || typeof v !== 'object') return [];
  if (Array.isArray(v)) return v.flatMap((x) => (typeof x === 'string' && SCOPE_LIST_KEY.test(key) ? [x] : bodyScopes(x, depth + 1, key)));
  const o = v as Record<string, unknown>;
  const out: string[] = [];
  if (depth === 0 && o.error === 'insufficient_scope' && typeof o.scope === 'string') out.push(...list(o.scope));
  for (const [k, x] of Object.entries(o)) {
    if (typeof x === 'string' && SCOPE_LIST_KEY.test(k)) out.push(...list(x));
    else out.push(...bodyScopes(x, depth + 1, k));
  }
  return out;
}

/** What the token holds: its claims, a registry token's access list, or the vendor's header. */
function granted(ctx: RefusalContext): { scopes: string[]; source: string } | undefined {
  const payload = ctx.jwt?.ok ? ctx.jwt.report.payload : null;
  const claims = grantedScopes(payload);
  const access = Array.isArray(payload?.access) ? (payload.access as unknown[]).flatMap(accessScope) : [];
  if (claims || access.length > 0) return { scopes: [...(claims ?? []), ...access], source: 'the token' };
  const header = headerValue(ctx.resHeaders, 'x-oauth-scopes');
  return header !== undefined ? { scopes: list(header), source: 'X-OAuth-Scopes' } : undefined;
}

/** Distribution registry tokens: access: [{type, name, actions}] is "type:name:actions" in scope terms. */
function accessScope(a: unknown): string[] {
  if (typeof a !== 'object' || a === null) return [];
  const { type, name, actions } = a as Record<string, unknown>;
  if (typeof type !== 'string' || typeof name !== 'string' || !Array.isArray(actions)) return [];
  return [`${type}:${name}:${actions.filter((x) => typeof x === 'string').join(',')}`];
}

/** Scope hierarchies vendors document: "repo" covers "repo:status" and "public_repo"; admin:X covers write:X and read:X. */
function covers(have: string, need: string): boolean {
  if (have === need || need.startsWith(`${have}:`) || (have === 'repo' && need === 'public_repo')) return true;
  const h = /^(admin|write):(.+)$/.exec(have);
  const n = /^(write|read):(.+)$/.exec(need);
  return h !== null && n !== null && h[2] === n[2] && (h[1] === 'admin' || n[1] === 'read');
}

/** "repository:acme/app:pull,push" against granted "repository:acme/app:pull": the missing actions, or undefined if not a resource scope. */
function missingActions(need: string, have: readonly string[]): string | undefined {
  const m = /^([a-z]+):(.+):([a-z*,]+)$/.exec(need);
  if (!m) return undefined;
  const held = new Set(have.flatMap((h) => {
    const g = /^([a-z]+):(.+):([a-z*,]+)$/.exec(h);
    return g && g[1] === m[1] && g[2] === m[2] ? (g[3] ?? '').split(',') : [];
  }));
  const lacking = (m[3] ?? '').split(',').filter((a) => !held.has(a) && !held.has('*'));
  return lacking.length > 0 ? `${m[1]}:${m[2]}:${lacking.join(',')}` : '';
}

function missingFrom(need: Need, have: readonly string[] | undefined): string[] {
  if (!have) return need.scopes;
  const lacking = need.scopes.map((s) => missingActions(s, have) ?? (have.some((h) => covers(h, s)) ? '' : s)).filter((s) => s !== '');
  // Any one scope would do: nothing is missing if the token holds one of them.
  return need.anyOf && lacking.length < need.scopes.length ? [] : lacking;
}

export function scopeFindings(ctx: RefusalContext): Finding[] {
  const need = needs(ctx);
  const have = granted(ctx);
  const declared = ctx.challenges.some((c) => c.params.error === 'insufficient_scope') || /insufficient_scope/.test(ctx.said);
  const worded = /\bscopes?\b.{0,40}(missing|required|insufficient|not granted)|(missing|required|insufficient).{0,40}\bscopes?\b|insufficient (privileges|permissions)/.test(ctx.said);
  const best = need.map((n) => ({ n, missing: missingFrom(n, have?.scopes) })).find((x) => x.missing.length > 0);
  const vendorListed = best !== undefined && !best.n.source.startsWith(ctx.challengeHeaderName);
  if (!declared && !(worded && ctx.creds.any) && !(best && (vendorListed || ctx.status === 403) && have)) return [];
  const missing = best?.missing ?? [];
  const title = missing.length === 0 ? 'The token is valid but lacks a required scope or role'
    : best?.n.anyOf && missing.length > 1 ? `The token lacks one of the scopes ${missing.join(', ')}` : `The token lacks the scope ${missing.join(', ')}`;
  return [finding('insufficient-scope', declared ? 0.96 : vendorListed ? 0.93 : worded ? 0.85 : 0.88, title,
    [...need.map((n) => `Required${n.anyOf ? ' (any one)' : ''}: ${n.scopes.join(' ')} (${n.source})`),
      have ? `Granted by ${have.source}: ${have.scopes.length > 0 ? have.scopes.join(' ') : '(none)'}` : ctx.creds.token ? 'The token is opaque, so its scopes cannot be read here' : undefined,
      ...ctx.messages.slice(0, 1).map((m) => `Body: ${clip(m)}`)],
    [missing.length > 0 ? `Request a token with scope "${[...(have?.scopes ?? []), ...(best?.n.anyOf ? missing.slice(0, 1) : missing)].join(' ')}" (add ${best?.n.anyOf ? missing[0] : missing.join(', ')} to the auth profile's scope)` : 'Request a token with the scope this operation needs',
      'If the scope is not offered to your client, ask the API owner to grant it to the client or user'])];
}
