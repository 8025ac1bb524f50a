import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * An RFC 7616 Digest verifier written separately from the client (electron/engine/auth/digest*):
 * its own header parser, its own response computation, nonces it issues and expires, and nc
 * tracking per nonce. It also enforces §3.4's quoting rules (algorithm, qop and nc unquoted;
 * username, realm, nonce, uri, response, cnonce, opaque quoted), so a client that quotes wrong fails.
 */
export interface DigestGuardOptions {
  users: Record<string, string>;
  realm?: string;
  /** One challenge per algorithm, in this order. */
  algorithms?: string[];
  /** qop values offered; [] offers none (the RFC 2069 form). */
  qop?: string[];
  userhash?: boolean;
  charsetUtf8?: boolean;
  /** The `domain` param (space-separated URIs), if any. */
  domain?: string;
  opaque?: string;
  /** Nonces older than this get stale=true; absent, nonces expire only through expireNonces(). */
  nonceTtlMs?: number;
  now?: () => number;
}

export interface DigestGuard {
  /** Answers the request: 200 with the user when the credentials verify, 401 with a challenge otherwise. */
  handle(req: IncomingMessage, body: Buffer, res: ServerResponse): void;
  /** Authorization header of each request (undefined when none was sent). */
  seen: (string | undefined)[];
  /** How many 401s the server sent. */
  unauthorized(): number;
  /** Why each refused request was refused. */
  failures: string[];
  /** Marks every nonce issued so far as expired: the next use gets stale=true. */
  expireNonces(): void;
}

const HASH: Record<string, string> = { 'MD5': 'md5', 'SHA-256': 'sha256', 'SHA-512-256': 'sha512-256' };

function h(alg: string, data: string | Buffer): string {
  const base = alg.replace(/-sess$/i, '').toUpperCase();
  const name = HASH[base];
  if (!name) throw new Error(`unknown algorithm ${alg}`);
  return createHash(name).update(data).digest('hex');
}

interface Param { value: string; quoted: boolean }

function parseAuthorization(value: string): Map<string, Param> | undefined {
  const m = /^Digest\s+(.*)$/is.exec(value);
  if (!m || m[1] === undefined) return undefined;
  const out = new Map<string, Param>();
  const re = /\s*([A-Za-z*-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))\s*(?:,|$)/gy;
  let r: RegExpExecArray | null;
  while ((r = re.exec(m[1])) !== null) {
    const name = (r[1] ?? '').toLowerCase();
    if (r[2] !== undefined) out.set(name, { value: r[2].replace(/\\(.)/g, '$1'), quoted: true });
    else out.set(name, { value: r[3] ?? '', quoted: false });
    if (re.lastIndex >= m[1].length) break;
  }
  return out;
}

export function createDigestGuard(opts: DigestGuardOptions): DigestGuard {
  const realm = opts.realm ?? 'keyhole@test';
  const algorithms = opts.algorithms ?? ['SHA-256'];
  const qop = opts.qop ?? ['auth'];
  const nonces = new Map<string, { lastNc: number; expired: boolean; issued: number }>();
  const now = opts.now ?? Date.now;
  const seen: (string | undefined)[] = [];
  const failures: string[] = [];
  let count401 = 0;

  const challenge = (stale: boolean): string[] => algorithms.map((alg) => {
    const nonce = randomBytes(18).toString('base64');
    nonces.set(nonce, { lastNc: 0, expired: false, issued: now() });
    const parts = [`realm="${realm}"`];
    if (opts.domain) parts.push(`domain="${opts.domain}"`);
    if (qop.length > 0) parts.push(`qop="${qop.join(', ')}"`);
    parts.push(`algorithm=${alg}`, `nonce="${nonce}"`);
    if (opts.opaque) parts.push(`opaque="${opts.opaque.replace(/(["\\])/g, "\\$1")}"`);
    if (opts.charsetUtf8) parts.push('charset=UTF-8');
    if (opts.userhash) parts.push('userhash=true');
    if (stale) parts.push('stale=true');
    return `Digest ${parts.join(', ')}`;
  });

  const refuse = (res: ServerResponse, why: string, stale = false): void => {
    failures.push(why);
    count401++;
    res.writeHead(401, { 'WWW-Authenticate': challenge(stale), 'Content-Type': 'text/plain' });
    res.end(why);
  };

  const verify = (req: IncomingMessage, body: Buffer, res: ServerResponse): void => {
    const value = req.headers.authorization;
    seen.push(value);
    if (!value) return refuse(res, 'no credentials');
    const p = parseAuthorization(value);
    if (!p) return refuse(res, 'not Digest credentials');
    for (const name of ['username', 'realm', 'nonce', 'uri', 'response', 'cnonce', 'opaque']) {
      const x = p.get(name);
      if (x && !x.quoted) return refuse(res, `${name} must be a quoted string`);
    }
    for (const name of ['algorithm', 'qop', 'nc', 'userhash']) {
      const x = p.get(name);
      if (x && x.quoted) return refuse(res, `${name} must not be quoted`);
    }
    const get = (n: string): string | undefined => p.get(n)?.value;
    const alg = get('algorithm') ?? 'MD5';
    if (!algorithms.some((a) => a.toUpperCase() === alg.toUpperCase())) return refuse(res, `algorithm ${alg} was not offered`);
    if (get('realm') !== realm) return refuse(res, 'wrong realm');
    const nonce = get('nonce') ?? '';
    const state = nonces.get(nonce);
    if (!state) return refuse(res, 'unknown nonce');
    if (state.expired || (opts.nonceTtlMs !== undefined && now() - state.issued > opts.nonceTtlMs)) return refuse(res, 'nonce expired', true);
    if (get('uri') !== req.url) return refuse(res, `uri ${get('uri')} is not the request-target ${req.url}`);
    if (opts.opaque !== undefined && get('opaque') !== opts.opaque) return refuse(res, 'opaque not echoed');

    let username: string | undefined;
    if (get('userhash') === 'true') {
      username = Object.keys(opts.users).find((u) => h(alg, `${u}:${realm}`) === get('username'));
    } else if (p.has('username*')) {
      const ext = /^UTF-8''(.*)$/i.exec(get('username*') ?? '');
      username = ext?.[1] !== undefined ? decodeURIComponent(ext[1]) : undefined;
    } else {
      username = get('username');
    }
    const password = username === undefined ? undefined : opts.users[username];
    if (username === undefined || password === undefined) return refuse(res, 'unknown user');

    const chosenQop = get('qop');
    const cnonce = get('cnonce') ?? '';
    const nc = get('nc');
    let ha1 = h(alg, `${username}:${realm}:${password}`);
    if (/-sess$/i.test(alg)) ha1 = h(alg, `${ha1}:${nonce}:${cnonce}`);
    let expected: string;
    if (qop.length === 0) {
      expected = h(alg, `${ha1}:${nonce}:${h(alg, `${req.method}:${req.url}`)}`);
    } else {
      if (!chosenQop || !qop.includes(chosenQop)) return refuse(res, `qop ${chosenQop} was not offered`);
      if (!nc || !/^[0-9a-f]{8}$/.test(nc)) return refuse(res, 'nc must be 8 hex digits');
      const n = Number.parseInt(nc, 16);
      if (n <= state.lastNc) return refuse(res, `nc ${nc} replayed (last was ${state.lastNc})`);
      state.lastNc = n;
      const a2 = chosenQop === 'auth-int' ? `${req.method}:${req.url}:${h(alg, body)}` : `${req.method}:${req.url}`;
      expected = h(alg, `${ha1}:${nonce}:${nc}:${cnonce}:${chosenQop}:${h(alg, a2)}`);
    }
    if (get('response') !== expected) return refuse(res, 'wrong response (bad password or bad hashing)');
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ user: username, algorithm: alg, qop: chosenQop ?? null, nc: nc ?? null }));
  };

  return {
    handle: verify, seen, failures,
    unauthorized: () => count401,
    expireNonces: () => { for (const s of nonces.values()) s.expired = true; },
  };
}
