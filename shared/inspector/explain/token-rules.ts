import { maskSecret } from '../../mask';
import { audiences, numericClaim } from '../jwt/claims';
import type { Finding } from '../report';
import { duration, isoSeconds, relative } from '../time';
import type { RefusalContext } from './context';
import { hostOf, hostStage, stageOf } from './environment';
import { clip, finding, quote } from './finding';
import { EXPIRY_AS_ALTERNATIVE } from './wording';

/** Checks on a bearer token: its shape, its times, audience, issuer and signature. */

const REFRESH = ['Refresh the token (OAuth 2.0 refresh_token grant) or sign in again', 'Enable automatic token refresh on this auth profile'];

function challengeEvidence(ctx: RefusalContext): string | undefined {
  const v = ctx.challengeValues[0];
  return v === undefined ? undefined : `${ctx.challengeHeaderName}: ${clip(v, 300)}`;
}

const requestIso = (ctx: RefusalContext): string => isoSeconds(ctx.requestTime);

/** Shape defects in the Authorization value: what a server's b64token parser trips on. */
export function malformedTokenFindings(ctx: RefusalContext): Finding[] {
  const a = ctx.creds.authorization;
  const t = ctx.creds.token;
  if (!a || !t) return [];
  const ev = [quote(a.header, a.raw), challengeEvidence(ctx)];
  const fix = ['Paste only the token itself after "Bearer " (no quotes, no second "Bearer", no line breaks)'];
  const raw = t.raw;
  const out: Finding[] = [];
  const add = (title: string, extra: string, confidence = 0.95): void => { out.push(finding('token-malformed', confidence, title, [extra, ...ev], fix)); };
  if (a.scheme !== '' && raw.trim() === '') add(`The Authorization header says "${a.scheme}" but carries no token`, 'The token is empty: the variable holding it was probably empty', 0.96);
  else if (/^bearer\s/i.test(raw.trim())) add('The scheme word is doubled ("Bearer Bearer …")', 'The token value itself starts with "Bearer": the token variable already included the prefix');
  else if (/^["'].*["']$/s.test(raw.trim())) add('The token was sent wrapped in quotes', 'The first character of the token is a quote; quotes are not allowed in a bearer token (RFC 6750 §2.1)');
  else if (/\{\{[^}]*\}\}|\$\{[^}]*\}|^<[^>]+>$|^(undefined|null|\[object object\])$/i.test(raw.trim())) {
    add('The token is an unresolved placeholder, not a token', `The value sent is literally ${JSON.stringify(clip(raw.trim(), 40))}`);
  } else {
    const ws = /[\s\u0000-\u001f\u007f]/.exec(raw.trim());
    if (ws) {
      const what = ws[0] === '\n' || ws[0] === '\r' ? 'a line break' : ws[0] === ' ' || ws[0] === '\t' ? 'whitespace' : 'a control character';
      add(`The token contains ${what} at character ${ws.index}`, `Character ${ws.index} of the token is ${JSON.stringify(ws[0])}: the token was pasted across lines or joined with a space`, 0.93);
    } else if (raw !== raw.trim() && raw.trim() !== '') {
      add('The token has stray whitespace around it', 'Leading or trailing whitespace after the scheme word', 0.7);
    } else {
      // "!" is outside RFC 6750's b64token, yet Salesforce session ids ("00D...!AQ...") carry one and work.
      const bad = /[^A-Za-z0-9\-._~+/=!]/.exec(raw);
      if (bad) add(`The token contains "${bad[0]}", which a bearer token cannot hold`, `Character ${bad.index} is ${JSON.stringify(bad[0])} (RFC 6750 §2.1 allows letters, digits and -._~+/ with trailing =)`, 0.85);
    }
  }
  if (out.length === 0 && t.looksJwt && ctx.jwt && !ctx.jwt.ok) {
    add(`The token looks like a JWT but cannot be decoded: ${ctx.jwt.error.message}`, 'Likely truncated when copied, or two tokens were joined', 0.9);
  }
  if (out.length === 0 && ctx.jwt?.ok && ctx.jwt.report.warnings.some((w) => w.code === 'padded-base64')) {
    add('The JWT segments end with "=" padding, which strict servers refuse', 'base64url in JWS has no padding (RFC 7515 §2)', 0.6);
  }
  return out;
}

export function tokenTimeFindings(ctx: RefusalContext): Finding[] {
  const out: Finding[] = [];
  const payload = ctx.jwt?.ok ? ctx.jwt.report.payload : null;
  // "Invalid, expired, or revoked" names expiry as one possibility: evidence only when exp agrees.
  const saysExpired = /expired|\bexp\b|lifetime|token.{0,20}(too old|stale)/.test(ctx.said) && !EXPIRY_AS_ALTERNATIVE.test(ctx.said);
  const saysEarly = /not (yet )?valid (yet|before)|not yet valid|\bnbf\b|before.{0,20}valid|used too early|issued in the future|\biat\b/.test(ctx.said);
  const saysInvalidToken = ctx.said.includes('invalid_token');
  const ch = challengeEvidence(ctx);
  const exp = numericClaim(payload, 'exp');
  const nbf = numericClaim(payload, 'nbf');
  const iat = numericClaim(payload, 'iat');
  if (exp !== undefined && exp * 1000 <= ctx.requestTime) {
    const ago = ctx.requestTime - exp * 1000;
    const conf = saysExpired ? 0.97 : saysInvalidToken ? 0.93 : ago < 60_000 ? 0.75 : 0.9;
    out.push(finding('token-expired', conf, `The bearer token expired ${duration(ago)} before the request`,
      [`exp = ${isoSeconds(exp * 1000)}, request sent ${requestIso(ctx)}`, iat !== undefined ? `iat = ${isoSeconds(iat * 1000)} (lifetime ${duration((exp - iat) * 1000)})` : undefined, ch,
        ago < 60_000 ? 'It expired less than a minute before the request: a refresh just before expiry, or clock skew, would have avoided it' : undefined],
      ctx.profile ? [...REFRESH, `Check the token cache of the "${ctx.profile}" profile: it sent a token past its exp`] : REFRESH));
  } else if (saysExpired && (ctx.creds.token || ctx.creds.authorization)) {
    const why = exp !== undefined ? `The server says the token expired, though its exp (${isoSeconds(exp * 1000)}) is ${duration(exp * 1000 - ctx.requestTime)} after the request: the server's clock is ahead, or it enforces a shorter lifetime` : 'The server says the token expired (the token is opaque, so its expiry cannot be read here)';
    out.push(finding('token-expired', exp !== undefined ? 0.7 : 0.86, exp !== undefined ? 'The server says the token expired, though it should still be valid' : 'The server says the token expired', [why, ch, ...ctx.messages.slice(0, 2).map((m) => `Body: ${clip(m)}`)], REFRESH));
  }
  const early = nbf !== undefined && nbf * 1000 > ctx.requestTime ? { name: 'nbf', at: nbf } : iat !== undefined && iat * 1000 > ctx.requestTime ? { name: 'iat', at: iat } : undefined;
  if (early) {
    const skew = early.at * 1000 - ctx.requestTime;
    const conf = (early.name === 'nbf' ? 0.9 : 0.78) + (saysEarly ? 0.05 : 0) - (skew < 5000 ? 0.2 : 0);
    out.push(finding('token-not-yet-valid', conf, `The token is valid only from ${duration(skew)} after the request (${early.name})`,
      [`${early.name} = ${isoSeconds(early.at * 1000)}, request sent ${requestIso(ctx)}: a skew of ${duration(skew)}`, ch],
      ['Synchronise the clock of this machine (NTP) and of the issuer; the difference is the skew above', 'API developer: accept a small clock skew (30-60 s) when checking nbf/iat']));
  } else if (saysEarly && /not (yet )?valid|nbf|too early|future/.test(ctx.said)) {
    out.push(finding('token-not-yet-valid', 0.8, 'The server says the token is not valid yet', [ch, ...ctx.messages.slice(0, 2).map((m) => `Body: ${clip(m)}`)], ['Check the clocks of this machine and of the issuer (NTP)']));
  }
  return out;
}

export function audienceIssuerFindings(ctx: RefusalContext): Finding[] {
  const out: Finding[] = [];
  const payload = ctx.jwt?.ok ? ctx.jwt.report.payload : null;
  const host = ctx.url?.hostname.toLowerCase();
  const ch = challengeEvidence(ctx);
  const profileNote = ctx.profile || ctx.environment ? `Active ${[ctx.profile ? `profile "${ctx.profile}"` : '', ctx.environment ? `environment "${ctx.environment}"` : ''].filter(Boolean).join(', ')}` : undefined;
  const auds = audiences(payload);
  const saysAud = /audience|\baud\b/.test(ctx.said);
  const saysIss = /issuer|\biss\b|tenant/.test(ctx.said);
  if (payload && host) {
    const expected = ctx.options.expectedAudience;
    // The challenge may name the audience: a registry's service="registry.docker.io" is served from registry-1.docker.io.
    const named = new Set(ctx.challenges.flatMap((c) => [c.params.service, c.params.resource].filter((v): v is string => v !== undefined)));
    const matches = (a: string): boolean => {
      const h = hostOf(a);
      return (h !== undefined && (h === host || host.endsWith(`.${h}`))) || a === ctx.url?.origin || (expected !== undefined && a === expected) || named.has(a);
    };
    const urlLike = auds.length > 0 && auds.every((a) => hostOf(a) !== undefined);
    const mismatch = expected !== undefined ? !auds.includes(expected) : urlLike && !auds.some(matches);
    if (auds.length > 0 && (mismatch || (saysAud && !auds.some(matches)))) {
      const stageNote = urlLike ? stageNoteFor(auds[0] as string, host, ctx) : undefined;
      out.push(finding('token-audience-mismatch', saysAud ? 0.94 : expected !== undefined ? 0.88 : 0.72,
        `The token was minted for ${auds.join(', ')}, not for ${host}`,
        [`aud = ${JSON.stringify(payload.aud)}, request to ${ctx.url?.origin}`, expected !== undefined ? `The API expects aud ${expected}` : undefined, stageNote, profileNote, ch],
        ['Request a token for this API (the "audience" or "resource" parameter of the token request)', 'Check the auth profile bound to this environment: it may belong to another API']));
    } else if (auds.length === 0 && saysAud) {
      out.push(finding('token-audience-mismatch', 0.8, 'The server refused the token\'s audience, and the token has no aud claim', ['No aud claim in the token', ch], ['Request the token with the audience/resource parameter naming this API']));
    }
  }
  const iss = typeof payload?.iss === 'string' ? payload.iss : undefined;
  if (iss !== undefined && host) {
    const expected = ctx.options.expectedIssuer;
    const issHost = hostOf(iss);
    const issStage = stageOf(issHost ?? iss);
    const reqStage = hostStage(host);
    // Only within one organisation's domain: "dev-1234.okta.com" is a tenant name, not a stage.
    const stageMismatch = issStage !== undefined && issStage !== reqStage && issHost !== undefined && siteOf(issHost) === siteOf(host);
    const expectedMismatch = expected !== undefined && expected.replace(/\/+$/, '') !== iss.replace(/\/+$/, '');
    if (saysIss || stageMismatch || expectedMismatch) {
      const conf = saysIss ? 0.94 : expectedMismatch ? 0.88 : 0.74;
      out.push(finding('token-issuer-mismatch', conf,
        stageMismatch ? `A ${issStage} token (issuer ${iss}) was sent to a ${reqStage} host` : `The API does not trust the token's issuer ${iss}`,
        [`iss = ${iss}, request to ${host}`, expected !== undefined ? `The API trusts ${expected}` : undefined,
          stageMismatch && ctx.profile ? `This request used the "${ctx.profile}" profile's token against the ${reqStage} host` : undefined,
          profileNote, ch,
          ...ctx.challenges.filter((c) => c.params.resource_metadata).map((c) => `resource_metadata = ${c.params.resource_metadata} (RFC 9728: names the issuers the API trusts)`)],
        ['Get a token from the issuer this API trusts (switch the environment or auth profile to the matching one)', 'API developer: list the issuer in the trusted issuers if it should be accepted']));
    }
  }
  return out;
}

/** The last two labels of a host: close enough to a registrable domain for comparing stages. */
function siteOf(host: string): string {
  return host.split('.').slice(-2).join('.');
}

function stageNoteFor(aud: string, host: string, ctx: RefusalContext): string | undefined {
  const a = stageOf(hostOf(aud) ?? aud);
  const h = hostStage(host);
  if (a === undefined || a === h) return undefined;
  return `The token is for a ${a} API and was sent to a ${h} host${ctx.profile ? ` (profile "${ctx.profile}")` : ''}`;
}

export function signatureFindings(ctx: RefusalContext): Finding[] {
  const v = ctx.verification;
  if (!v || v.verified || v.reason === 'key-unusable') return [];
  const saysSig = /signature/.test(ctx.said);
  const conf = v.reason === 'no-matching-key' ? 0.6 : saysSig ? 0.97 : 0.92;
  const title = v.reason === 'alg-none' ? 'The token is unsigned (alg "none"), so no key verifies it'
    : v.reason === 'alg-not-allowed-for-key' ? `The token's alg ${v.alg ?? '?'} is not the algorithm of the key you supplied`
      : v.reason === 'no-matching-key' ? `No key you supplied has the token's kid ${v.kid ?? ''}`.trim()
        : 'The token signature does not verify with the key you supplied';
  return [finding('token-signature-invalid', conf, title,
    [`Verification: ${v.message}`, `alg = ${v.alg ?? '(none)'}, kid = ${v.kid ?? '(none)'}`, challengeEvidence(ctx)],
    ['Get a token from the issuer whose keys the API uses (the token was signed with another key or secret)',
      'If you rotate keys, make sure the API fetched the new JWKS', 'Check the secret or key file you supplied is the one the API uses'])];
}

/** When the server says only invalid_token and nothing here finds fault: say so, and what to check. */
export function opaqueRefusal(ctx: RefusalContext): Finding[] {
  if (!ctx.creds.token || !ctx.said.includes('invalid_token')) return [];
  const r = ctx.jwt?.ok ? ctx.jwt.report : undefined;
  const p = r?.payload;
  const exp = numericClaim(p, 'exp');
  const looks = r ? `The token decodes: alg ${String(r.header.alg)}${typeof r.header.kid === 'string' ? `, kid ${r.header.kid}` : ''}, iss ${String(p?.iss ?? '(none)')}, aud ${JSON.stringify(p?.aud ?? '(none)')}${exp !== undefined ? `, exp ${relative(exp * 1000, ctx.requestTime, 'the request')}` : ''}` : `The token is opaque (${maskSecret(ctx.creds.token.cleaned)}): only its issuer can say whether it is valid`;
  return [finding('credentials-rejected', r ? 0.55 : 0.62, r ? 'The server says only "invalid_token", and the token looks fine here' : 'The server refused the token (invalid_token)',
    [looks, challengeEvidence(ctx), ctx.verification?.verified ? `The signature verifies with the key you supplied (${ctx.verification.message})` : 'The signature was not checked (no key given: use --key with the issuer\'s JWKS)'],
    ['Check the signature against the issuer\'s keys (keyhole explain FILE --key JWKS)', 'Check the token was not revoked (logout, password change, key rotation)',
      'Check the API trusts this issuer and audience', 'Get a fresh token and retry'])];
}
