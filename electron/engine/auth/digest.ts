import type { z } from 'zod';
import type { DigestAuth } from '../../../shared/model';
import type { PreparedRequest } from '../http/types';
import { hashBody } from './body-hash';
import { requireField, requireOneOf } from './config-error';
import { parseChallenges } from '../../../shared/inspector/challenge';
import {
  DIGEST_ALGORITHMS, chooseChallenge, digestResponse, nodeHashName, toDigestChallenge,
  type DigestAlgorithmName, type DigestChallenge,
} from './digest-response';
import { randomHex } from './random';
import { getHeader, setCredentialHeader } from './request-edit';
import type { AuthContext, AuthScheme } from './types';

type Digest = z.infer<typeof DigestAuth>;

/**
 * A protection space we hold a nonce for (RFC 7616 §3.3): its realm, the URL prefixes its
 * `domain` names (or the whole origin), and the nonce with the last nc we sent for it.
 */
interface DigestSpace {
  realm: string;
  prefixes: string[];
  challenge: DigestChallenge;
  qop: 'auth' | 'auth-int';
  nc: number;
}

const cacheKey = (ctx: AuthContext, username: string, origin: string): string =>
  `digest|${ctx.profile ?? ''}|${username}|${origin}`;

function spacesFor(ctx: AuthContext, username: string, url: URL): DigestSpace[] {
  return ctx.cache.get<DigestSpace[]>(cacheKey(ctx, username, url.origin)) ?? [];
}

/** The most specific cached space whose prefixes cover this URL. */
function findSpace(ctx: AuthContext, username: string, url: URL): DigestSpace | undefined {
  const href = url.href;
  let best: { space: DigestSpace; len: number } | undefined;
  for (const space of spacesFor(ctx, username, url)) {
    for (const p of space.prefixes) {
      if (href.startsWith(p) && (!best || p.length > best.len)) best = { space, len: p.length };
    }
  }
  return best?.space;
}

function storeSpace(ctx: AuthContext, username: string, space: DigestSpace): void {
  const origins = new Set(space.prefixes.map((p) => new URL(p).origin));
  for (const origin of origins) {
    const key = cacheKey(ctx, username, origin);
    const others = (ctx.cache.get<DigestSpace[]>(key) ?? []).filter((s) => s.realm !== space.realm);
    ctx.cache.set(key, [...others, space]);
  }
}

function forgetSpace(ctx: AuthContext, username: string, url: URL, realm: string): void {
  const key = cacheKey(ctx, username, url.origin);
  ctx.cache.set(key, spacesFor(ctx, username, url).filter((s) => s.realm !== realm));
}

/** `domain` URIs resolved against the request; no domain means the whole origin (§3.3). */
function prefixesOf(ch: DigestChallenge, url: URL): string[] {
  if (ch.domain.length === 0) return [`${url.origin}/`];
  const out: string[] = [];
  for (const d of ch.domain) {
    try { out.push(new URL(d, url).href); } catch { /* an unparsable domain URI protects nothing */ }
  }
  return out.length > 0 ? out : [`${url.origin}/`];
}

async function answer(auth: Digest, req: PreparedRequest, ctx: AuthContext, space: Omit<DigestSpace, 'prefixes' | 'realm'>): Promise<PreparedRequest> {
  const url = new URL(req.url);
  const bodyHash = space.qop === 'auth-int'
    ? (await hashBody(req.body, nodeHashName(space.challenge.algorithm), req.baseDir))?.toString('hex')
    : undefined;
  const { header } = digestResponse({
    method: req.method, uri: `${url.pathname}${url.search}`, username: auth.username, password: auth.password ?? '',
    challenge: space.challenge, qop: space.qop, cnonce: randomHex(ctx, 16), nc: space.nc, bodyHash,
  });
  return setCredentialHeader(req, 'Authorization', header);
}

function pickQop(ch: DigestChallenge, req: PreparedRequest): 'auth' | 'auth-int' | 'none' | undefined {
  if (ch.qop.length === 0) return 'none';
  // `auth` when offered: it is what servers implement best (and what the RFC's own example uses);
  // auth-int when it is the only choice and the body's bytes are known before sending.
  if (ch.qop.includes('auth')) return 'auth';
  if (ch.qop.includes('auth-int') && req.body.kind !== 'multipart') return 'auth-int';
  return undefined;
}

function validate(auth: Digest, ctx: AuthContext): DigestAlgorithmName | undefined {
  requireField(ctx, 'Digest', 'username', auth.username);
  requireField(ctx, 'Digest', 'password', auth.password);
  return auth.algorithm === undefined ? undefined : requireOneOf(ctx, 'Digest', 'algorithm', auth.algorithm, DIGEST_ALGORITHMS);
}

export const digestScheme: AuthScheme<Digest> = {
  type: 'digest',
  label: 'Digest',

  async apply(auth, req, ctx) {
    validate(auth, ctx);
    const url = new URL(req.url);
    const space = findSpace(ctx, auth.username, url);
    if (!space || space.challenge.qop.length === 0) {
      ctx.log('Digest: no nonce yet for this protection space; sending without credentials to get the server\'s challenge.');
      return req;
    }
    // Object.assign, not `{ ...space, nc }`: each space is the previous request's copy, and V8 gives a
    // spread copy's new field a hidden class of its own: one more class per Digest request, for ever.
    const next: DigestSpace = Object.assign({}, space, { nc: space.nc + 1 });
    storeSpace(ctx, auth.username, next);
    ctx.log(`Digest: reused the nonce of realm "${space.realm}" (${space.challenge.algorithm}, qop=${space.qop}, nc=${next.nc.toString(16).padStart(8, '0')}), with no extra round trip.`);
    return answer(auth, req, ctx, next);
  },

  async retry(auth, req, refused, ctx, attempt) {
    const pinned = validate(auth, ctx);
    if (refused.response.status !== 401) return null;
    const url = new URL(req.url);
    const values = refused.response.headers.filter(([k]) => k.toLowerCase() === 'www-authenticate').map(([, v]) => v);
    const all = parseChallenges(values).challenges.filter((c) => c.schemeKey === 'digest');
    const usable = all.map(toDigestChallenge).filter((c): c is DigestChallenge => c !== undefined);
    if (all.length === 0) {
      ctx.log('Digest: the server refused the request but did not send a Digest challenge; not retrying.');
      return null;
    }
    if (usable.length === 0) {
      ctx.log(`Digest: the server asks for algorithm(s) ${all.map((c) => c.params['algorithm'] ?? 'MD5').join(', ')}, which Keyhole does not support; not retrying.`);
      return null;
    }
    const ch = chooseChallenge(usable, pinned);
    if (!ch) {
      ctx.log(`Digest: the profile pins ${pinned} but the server offers only ${usable.map((c) => c.algorithm).join(', ')}; not downgrading.`);
      return null;
    }
    const qop = pickQop(ch, req);
    if (qop === undefined) {
      ctx.log('Digest: the server accepts only qop=auth-int, which needs the body\'s bytes, and a multipart body is encoded while sending; not retrying.');
      return null;
    }

    const sent = getHeader(req.headers, 'authorization');
    const sentParams = sent && /^digest\s/i.test(sent) ? parseChallenges(sent).challenges[0]?.params : undefined;
    if (sentParams && ch.stale) {
      // stale=true says the answer was right and only its nonce had expired (RFC 7616 §3.3): the
      // credentials are good, whether that nonce was a cached one or the server's own fresh one
      // that rotated before the answer came. MAX_AUTH_RETRIES bounds a server that always says so.
      ctx.log(`Digest: the server says the nonce is stale (stale=true); retrying once with the new nonce${attempt > 1 ? ' (the nonce it had just given expired too)' : ''}.`);
    } else if (sentParams && (sentParams['nc'] === undefined || Number.parseInt(sentParams['nc'], 16) <= 1)) {
      // A sent answer with nc=1 was already the reply to a fresh challenge: refusing it again, not
      // as stale, means the credentials are wrong (or the server is broken), and retrying would loop.
      forgetSpace(ctx, auth.username, url, ch.realm);
      ctx.log(`Digest: the server refused the answer to its own fresh challenge (realm "${ch.realm}"); the user name or password is likely wrong.`);
      return null;
    } else if (sentParams) {
      ctx.log('Digest: the server did not accept the cached nonce; answering its new challenge once.');
    }

    const space: DigestSpace = {
      realm: ch.realm, prefixes: prefixesOf(ch, url), challenge: ch, qop: qop === 'none' ? 'auth' : qop, nc: 1,
    };
    if (qop !== 'none') storeSpace(ctx, auth.username, space);
    const others = usable.length > 1 ? ` (offered: ${usable.map((c) => c.algorithm).join(', ')})` : '';
    ctx.log(`Digest: answered the challenge of realm "${ch.realm}" with ${ch.algorithm}${others}, qop=${qop}${ch.userhash ? ', userhash' : ''}, for user "${ch.userhash ? '(hashed)' : auth.username}".`);
    if (qop === 'none') {
      const { header } = digestResponse({
        method: req.method, uri: `${url.pathname}${url.search}`, username: auth.username, password: auth.password ?? '',
        challenge: ch, qop: undefined, cnonce: '', nc: 1,
      });
      return setCredentialHeader(req, 'Authorization', header);
    }
    return answer(auth, req, ctx, space);
  },
};
