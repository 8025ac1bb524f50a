import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { ExplainReport, explainExchanges, explainWithKeys, harToExchanges, keysFromText, type FindingId } from '../../../shared/inspector';
import type { Exchange } from '../../../shared/model';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const casesDir = resolve(repoRoot, '../shared/cases/401');
const T0 = '2026-11-20T09:30:00.000Z';
const now = Math.floor(Date.parse(T0) / 1000);
const secret = new TextEncoder().encode('a-long-enough-test-secret-for-hs256');

interface E { url: string; method?: string; at?: string; req?: [string, string][]; status: number; res?: [string, string][]; body?: string; redirect?: string }
function har(entries: E[]): string {
  return JSON.stringify({ log: { version: '1.2', creator: { name: 't', version: '1' }, entries: entries.map((e) => ({
    startedDateTime: e.at ?? T0, time: 1,
    request: { method: e.method ?? 'GET', url: e.url, httpVersion: 'HTTP/1.1', cookies: [], headers: (e.req ?? []).map(([name, value]) => ({ name, value })), queryString: [], headersSize: -1, bodySize: 0 },
    response: { status: e.status, statusText: '', httpVersion: 'HTTP/1.1', cookies: [], headers: (e.res ?? []).map(([name, value]) => ({ name, value })), content: { size: 0, mimeType: 'application/json', text: e.body ?? '' }, redirectURL: e.redirect ?? '', headersSize: -1, bodySize: -1 },
    cache: {}, timings: { send: 0, wait: 1, receive: 0 },
  })) } });
}

function exchanges(entries: E[]): Exchange[] {
  const r = harToExchanges(har(entries));
  if (!r.ok) throw r.error;
  return r.value;
}

function explain(entries: E[], options = {}) {
  const report = explainExchanges(exchanges(entries), options);
  expect(ExplainReport.safeParse(report).success).toBe(true);
  const last = report.entries[report.entries.length - 1];
  if (!last) throw new Error('no refused entry');
  return { report, last, first: last.findings[0]!, ids: last.findings.map((f) => f.id) };
}

const jwt = (claims: Record<string, unknown>) => new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: 'k1' }).sign(secret);
const bearerChallenge = (extra = ''): [string, string] => ['WWW-Authenticate', `Bearer realm="api"${extra}`];

describe('the shared 401 cases', () => {
  const present = existsSync(resolve(casesDir, 'manifest.json'));
  it.skipIf(!present)('give their expected primary finding (skipped only when ../shared/cases/401 is absent)', async () => {
    const manifest = JSON.parse(readFileSync(resolve(casesDir, 'manifest.json'), 'utf8')) as { file: string; expect: FindingId; alsoAccept?: FindingId[]; key?: string }[];
    expect(manifest.length).toBeGreaterThan(0);
    for (const c of manifest) {
      const text = readFileSync(resolve(casesDir, c.file), 'utf8');
      const parsed = harToExchanges(text, c.file);
      if (!parsed.ok) throw parsed.error;
      let report;
      if (c.key) {
        const keys = keysFromText(readFileSync(resolve(casesDir, c.key), 'utf8'), c.key);
        if (!keys.ok) throw new Error(keys.message);
        report = await explainWithKeys(parsed.value, keys.keys);
      } else {
        report = explainExchanges(parsed.value);
      }
      const last = report.entries[report.entries.length - 1]!;
      expect(last.index, c.file).toBe(parsed.value.length - 1);
      expect([c.expect, ...(c.alsoAccept ?? [])], `${c.file}: got ${last.findings.map((f) => f.id).join(', ')}`).toContain(last.findings[0]!.id);
      // Secrets in the request never come back unmasked.
      const json = JSON.stringify(report);
      for (const e of JSON.parse(text).log.entries as { request: { headers: { name: string; value: string }[] } }[]) {
        for (const h of e.request.headers) {
          if (/authorization|cookie/i.test(h.name)) expect(json, c.file).not.toContain(h.value.replace(/^\S+\s+/, '').slice(0, 24));
        }
      }
    }
  });

  it.skipIf(!present)('never claims token-signature-invalid without a key', () => {
    const parsed = harToExchanges(readFileSync(resolve(casesDir, '20-token-signature-invalid.har'), 'utf8'));
    if (!parsed.ok) throw parsed.error;
    const ids = explainExchanges(parsed.value).entries.flatMap((e) => e.findings.map((f) => f.id));
    expect(ids).not.toContain('token-signature-invalid');
  });
});

describe('token checks', () => {
  it('"Bearer Bearer" is a malformed token', async () => {
    const t = await jwt({ exp: now + 600 });
    const { first } = explain([{ url: 'https://api.example.com/me', req: [['Authorization', `Bearer Bearer ${t}`]], status: 401, res: [bearerChallenge(', error="invalid_token"')] }]);
    expect(first.id).toBe('token-malformed');
    expect(first.title).toMatch(/doubled/);
  });

  it('a token with a line break in it is malformed, and says where', async () => {
    const t = await jwt({ exp: now + 600 });
    const { first } = explain([{ url: 'https://api.example.com/me', req: [['Authorization', `Bearer ${t.slice(0, 30)}\n${t.slice(30)}`]], status: 401, res: [bearerChallenge(', error="invalid_token"')] }]);
    expect(first.id).toBe('token-malformed');
    expect(first.title).toMatch(/line break at character 30/);
  });

  it('a truncated JWT is malformed, naming the defect', async () => {
    const t = await jwt({ exp: now + 600 });
    const { first } = explain([{ url: 'https://api.example.com/me', req: [['Authorization', `Bearer ${t.split('.').slice(0, 2).join('.')}`]], status: 401, res: [bearerChallenge(', error="invalid_token"')] }]);
    expect(first.id).toBe('token-malformed');
    expect(first.title).toMatch(/signature segment is missing/);
  });

  it('an aud array that names the host is fine; one that does not, with the server saying so, is a mismatch', async () => {
    const good = await jwt({ aud: ['https://billing.example.com', 'https://api.example.com'], exp: now + 600, iss: 'https://auth.example.com/' });
    const ok = explain([{ url: 'https://api.example.com/v1/x', req: [['Authorization', `Bearer ${good}`]], status: 401, res: [bearerChallenge(', error="invalid_token"')] }]);
    expect(ok.ids).not.toContain('token-audience-mismatch');
    expect(ok.first.id).toBe('credentials-rejected');
    expect(ok.first.title).toMatch(/looks fine/);
    expect(ok.first.fixes.join(' ')).toMatch(/--key/);
    const bad = await jwt({ aud: ['https://billing.example.com', 'https://search.example.com'], exp: now + 600 });
    const mis = explain([{ url: 'https://api.example.com/v1/x', req: [['Authorization', `Bearer ${bad}`]], status: 401, res: [bearerChallenge(', error="invalid_token", error_description="aud claim rejected"')] }]);
    expect(mis.first.id).toBe('token-audience-mismatch');
  });

  it('judges exp at the request time, not the clock: a token valid then is not expired', async () => {
    const t = await jwt({ exp: now + 60, iat: now - 60 });
    const { ids } = explain([{ url: 'https://api.example.com/me', req: [['Authorization', `Bearer ${t}`]], status: 401, res: [bearerChallenge(', error="invalid_token"')] }]);
    expect(ids).not.toContain('token-expired');
  });

  it('says the staging profile\'s token went to the production host', async () => {
    const t = await jwt({ iss: 'https://auth.staging.example.com/', aud: 'https://api.example.com', exp: now + 600 });
    const ex = exchanges([{ url: 'https://api.example.com/v1/me', req: [['Authorization', `Bearer ${t}`]], status: 401, res: [bearerChallenge(', error="invalid_token"')] }]);
    ex[0]!.profile = 'Staging';
    const first = explainExchanges(ex).entries[0]!.findings[0]!;
    expect(first.id).toBe('token-issuer-mismatch');
    expect(first.evidence.join('\n')).toMatch(/"Staging" profile's token against the production host/);
  });

  it('does not take an identity-provider tenant name ("dev-123.idp.net") for a stage', async () => {
    const t = await jwt({ iss: 'https://dev-123.idp.net/', aud: 'https://api.example.com', exp: now + 600 });
    const { ids } = explain([{ url: 'https://api.example.com/v1/me', req: [['Authorization', `Bearer ${t}`]], status: 401, res: [bearerChallenge(', error="invalid_token"')] }]);
    expect(ids).not.toContain('token-issuer-mismatch');
  });

  it('403 insufficient_scope compares the challenge scope with the token scopes', async () => {
    const t = await jwt({ scp: ['orders:read', 'profile'], exp: now + 600 });
    const { first, last } = explain([{ url: 'https://api.example.com/v1/orders', method: 'POST', req: [['Authorization', `Bearer ${t}`]], status: 403, res: [bearerChallenge(', error="insufficient_scope", scope="orders:read orders:write"')] }]);
    expect(last.status).toBe(403);
    expect(first.id).toBe('insufficient-scope');
    expect(first.title).toBe('The token lacks the scope orders:write');
    expect(first.evidence).toContain('Granted by the token: orders:read profile');
  });

  it('an opaque token refused with invalid_token: says so and lists what to check', () => {
    const { first } = explain([{ url: 'https://api.example.com/me', req: [['Authorization', 'Bearer 0123456789abcdef0123456789abcdef']], status: 401, res: [bearerChallenge(', error="invalid_token"')] }]);
    expect(first.id).toBe('credentials-rejected');
    expect(first.confidence).toBeLessThan(0.7);
    expect(first.evidence.join(' ')).not.toContain('0123456789abcdef0123456789abcdef');
  });

  it('verifies with a key when given one: the right key clears the signature, a wrong one flags it', async () => {
    const t = await jwt({ exp: now + 600, aud: 'https://api.example.com' });
    const ex = exchanges([{ url: 'https://api.example.com/me', req: [['Authorization', `Bearer ${t}`]], status: 401, res: [bearerChallenge(', error="invalid_token"')] }]);
    const right = keysFromText('a-long-enough-test-secret-for-hs256\n', 'secret.txt');
    const wrong = keysFromText('another-secret', 'secret.txt');
    if (!right.ok || !wrong.ok) throw new Error('keys');
    const good = await explainWithKeys(ex, right.keys);
    expect(good.entries[0]!.findings.map((f) => f.id)).not.toContain('token-signature-invalid');
    expect(good.entries[0]!.findings[0]!.evidence.join(' ')).toMatch(/signature verifies/);
    const bad = await explainWithKeys(ex, wrong.keys);
    expect(bad.entries[0]!.findings[0]!.id).toBe('token-signature-invalid');
  });
});

describe('scheme, Basic, Digest and API key checks', () => {
  it('a raw token with no scheme word is a scheme mismatch', async () => {
    const { first } = explain([{ url: 'https://api.example.com/me', req: [['Authorization', await jwt({ exp: now + 60 })]], status: 401, res: [bearerChallenge()] }]);
    expect(first.id).toBe('scheme-mismatch');
    expect(first.title).toMatch(/raw token/);
  });

  it('the server wanted Digest, the profile sends Basic', () => {
    const ex = exchanges([{ url: 'http://cam.example.com/snap', req: [['Authorization', 'Basic dmlld2VyOnNlY3JldA==']], status: 401, res: [['WWW-Authenticate', 'Digest realm="cam", nonce="abc", qop="auth"']] }]);
    ex[0]!.profile = 'Camera';
    const first = explainExchanges(ex).entries[0]!.findings[0]!;
    expect(first.id).toBe('scheme-mismatch');
    expect(first.title).toBe('The server wants Digest; the "Camera" profile sends Basic');
  });

  it('Digest with a wrong password (not stale) is credentials-rejected', () => {
    const { first } = explain([
      { url: 'http://cam.example.com/snap', status: 401, res: [['WWW-Authenticate', 'Digest realm="cam", nonce="n1", qop="auth", algorithm=MD5']] },
      { url: 'http://cam.example.com/snap', req: [['Authorization', 'Digest username="viewer", realm="cam", nonce="n1", uri="/snap", algorithm=MD5, qop=auth, nc=00000001, cnonce="c", response="0123456789abcdef0123456789abcdef"']], status: 401, res: [['WWW-Authenticate', 'Digest realm="cam", nonce="n2", qop="auth", algorithm=MD5']] },
    ]);
    expect(first.id).toBe('credentials-rejected');
    expect(first.evidence.join(' ')).not.toContain('0123456789abcdef0123456789abcdef');
  });

  it('a SHA-256 Digest challenge answered with MD5 is a scheme mismatch', () => {
    const { first } = explain([{ url: 'http://cam.example.com/snap', req: [['Authorization', 'Digest username="v", realm="cam", nonce="n1", uri="/snap", algorithm=MD5, response="x"']], status: 401, res: [['WWW-Authenticate', 'Digest realm="cam", nonce="n1", algorithm=SHA-256']] }]);
    expect(first.id).toBe('scheme-mismatch');
    expect(first.title).toMatch(/SHA-256.*MD5/);
  });

  it('an API key in a wrong header name', () => {
    const { first } = explain([{ url: 'https://api.example.com/v2/weather', req: [['X-Api-Token', '4f1c2d3e5a6b7c8d9e0f']], status: 401, body: '{"error":"unauthorized","message":"Provide your key in the \\"X-API-Key\\" header"}' }]);
    expect(first.id).toBe('api-key-misplaced');
    expect(first.title).toMatch(/X-API-Key header/);
    expect(JSON.stringify(first)).not.toContain('4f1c2d3e5a6b7c8d9e0f');
  });

  it('Basic with non-ASCII characters the server did not declare', () => {
    const value = btoa(String.fromCharCode(...new TextEncoder().encode('jürgen:pässword')));
    const { first } = explain([{ url: 'https://x.example.com/', req: [['Authorization', `Basic ${value}`]], status: 401, res: [['WWW-Authenticate', 'Basic realm="x"']] }]);
    expect(first.id).toBe('malformed-basic-credentials');
    const declared = explain([{ url: 'https://x.example.com/', req: [['Authorization', `Basic ${value}`]], status: 401, res: [['WWW-Authenticate', 'Basic realm="x", charset="UTF-8"']] }]);
    expect(declared.first.id).toBe('credentials-rejected');
  });
});

describe('proxy, network, session and redirect checks', () => {
  it('407 is the proxy\'s, even when the request carried API credentials; 401 is not', () => {
    const req: [string, string][] = [['Authorization', 'Bearer 0123456789abcdef0123']];
    const p = explain([{ url: 'https://api.example.com/', req, status: 407, res: [['Proxy-Authenticate', 'Negotiate'], ['Proxy-Authenticate', 'Basic realm="corp"']] }]);
    expect(p.first.id).toBe('proxy-auth-required');
    expect(p.ids).toEqual(['proxy-auth-required']);
    const a = explain([{ url: 'https://api.example.com/', req, status: 401, res: [bearerChallenge()] }]);
    expect(a.ids).not.toContain('proxy-auth-required');
  });

  it('a Cloudflare firewall page is a network policy block', () => {
    const { first } = explain([{ url: 'https://api.example.com/', req: [['Authorization', 'Bearer 0123456789abcdef0123']], status: 403, res: [['Server', 'cloudflare']], body: '<html><title>Attention Required! | Cloudflare</title><body>Sorry, you have been blocked. Error code: 1020</body></html>' }]);
    expect(first.id).toBe('blocked-by-network-policy');
  });

  it('a Secure cookie set over https is not sent over http: session-missing, saying why', () => {
    const { first } = explain([
      { url: 'https://app.example.com/login', method: 'POST', status: 200, res: [['Set-Cookie', 'sid=abcdef0123456789abcdef; Path=/; Secure; HttpOnly']] },
      { url: 'http://app.example.com/api/me', at: '2026-11-20T09:31:00.000Z', status: 401, body: '{"error":"login required"}' },
    ]);
    expect(first.id).toBe('session-missing');
    expect(first.title).toMatch(/Secure and this request went over http/);
    expect(JSON.stringify(first)).not.toContain('abcdef0123456789abcdef');
  });

  it('a 401 that clears the session cookie it was sent means the session is over', () => {
    const { first } = explain([{ url: 'https://app.example.com/api/me', req: [['Cookie', 'session=abcdef0123456789abcdef']], status: 401, res: [['Set-Cookie', 'session=; Max-Age=0; Path=/']] }]);
    expect(first.id).toBe('session-expired');
  });

  it('a body pointing at a login, with no credentials and no challenge, is session-missing', () => {
    const { first, ids } = explain([{ url: 'https://app.example.com/api/me', status: 401, body: '{"detail":"Session cookie required: please log in"}' }]);
    expect(first.id).toBe('session-missing');
    expect(ids).toContain('challenge-missing');
  });

  it('credentials removed on a cross-origin redirect (hops from the app\'s own history)', () => {
    const [ex] = exchanges([{ url: 'https://cdn.other.net/f/1', status: 401, res: [bearerChallenge()] }]);
    ex!.hops = [{ request: { method: 'GET', url: 'https://api.example.com/f/1', headers: [['Authorization', 'Bearer 0123456789abcdef0123']], bodySize: 0 }, status: 307, statusText: '', responseHeaders: [['Location', 'https://cdn.other.net/f/1']], location: 'https://cdn.other.net/f/1', startedAt: T0, removedHeaders: ['Authorization'], removedReason: 'cross-origin' }];
    const first = explainExchanges([ex!]).entries[0]!.findings[0]!;
    expect(first.id).toBe('credentials-dropped-on-redirect');
    expect(first.evidence).toContain('Removed before the next hop: Authorization');
  });
});

describe('refusals spoken outside WWW-Authenticate', () => {
  it('an audience the challenge names as its service is the right audience (a registry behind another host name)', async () => {
    const t = await jwt({ aud: 'registry.docker.io', iss: 'auth.docker.io', exp: now + 300, access: [{ type: 'repository', name: 'acme/app', actions: ['pull'] }] });
    const { ids, first } = explain([{ url: 'https://registry-1.docker.io/v2/acme/app/blobs/uploads/', method: 'POST', req: [['Authorization', `Bearer ${t}`]], status: 401,
      res: [['WWW-Authenticate', 'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:acme/app:pull,push",error="insufficient_scope"']] }]);
    expect(ids).not.toContain('token-audience-mismatch');
    expect(first.title).toBe('The token lacks the scope repository:acme/app:push');
  });

  it('expiry named as one possibility is not a diagnosis of expiry; an exp that passed still is', async () => {
    const body = '{"errors":[{"message":"The provided authorization grant is invalid, expired, or revoked"}]}';
    const opaque = explain([{ url: 'https://api.mail.example/v3/send', req: [['Authorization', 'Bearer 0123456789abcdef0123456789abcdef']], status: 401, body }]);
    expect(opaque.ids).not.toContain('token-expired');
    expect(opaque.first.id).toBe('credentials-rejected');
    const expired = explain([{ url: 'https://api.mail.example/v3/send', req: [['Authorization', `Bearer ${await jwt({ exp: now - 3600 })}`]], status: 401, body }]);
    expect(expired.first.id).toBe('token-expired');
  });

  it('a challenge that names a verdict, not a scheme (npm\'s ipaddress and otp), is no scheme mismatch', () => {
    const ip = explain([{ url: 'https://registry.npmjs.org/pkg', method: 'PUT', req: [['Authorization', 'Bearer npm_0123456789abcdefghijklmnop']], status: 401, res: [['WWW-Authenticate', 'ipaddress']] }]);
    expect(ip.first.id).toBe('blocked-by-network-policy');
    const otp = explain([{ url: 'https://registry.npmjs.org/pkg', method: 'PUT', req: [['Authorization', 'Bearer npm_0123456789abcdefghijklmnop']], status: 401, res: [['WWW-Authenticate', 'otp']] }]);
    expect(otp.ids).not.toContain('scheme-mismatch');
  });

  it('an OAuth token where a vendor also takes OAuth is not a misplaced key; a key in its place is not either', async () => {
    const url = 'https://contoso.openai.azure.com/openai/deployments/d/chat/completions';
    const oauth = explain([{ url, method: 'POST', req: [['Authorization', `Bearer ${await jwt({ aud: 'https://cognitiveservices.azure.com', exp: now + 600 })}`]], status: 401, body: '{"message":"Unauthorized"}' }]);
    expect(oauth.ids).not.toContain('api-key-misplaced');
    const placed = explain([{ url, method: 'POST', req: [['api-key', '0f1e2d3c4b5a69788796a5b4c3d2e1f0']], status: 401, body: '{"message":"Access denied due to invalid subscription key or wrong API endpoint."}' }]);
    expect(placed.ids).not.toContain('api-key-misplaced');
    expect(placed.first.id).toBe('credentials-rejected');
  });

  it('a broader scope covers the accepted one (GitHub: repo covers public_repo, admin:org covers read:org)', () => {
    const ok = explain([{ url: 'https://api.github.com/orgs/acme/members', req: [['Authorization', 'token gho_0123456789abcdefghijklmnopqrstuvwxyz']], status: 403,
      res: [['X-OAuth-Scopes', 'repo, admin:org'], ['X-Accepted-OAuth-Scopes', 'read:org, public_repo']], body: '{"message":"Must have admin rights to Repository."}' }]);
    expect(ok.ids).not.toContain('insufficient-scope');
    const lacking = explain([{ url: 'https://api.github.com/orgs/acme/members', req: [['Authorization', 'token gho_0123456789abcdefghijklmnopqrstuvwxyz']], status: 403,
      res: [['X-OAuth-Scopes', 'gist'], ['X-Accepted-OAuth-Scopes', 'read:org, admin:org']] }]);
    expect(lacking.first.title).toBe('The token lacks one of the scopes read:org, admin:org');
  });

  it('the wrong authorization server comes first when its token also fails on audience and expiry', async () => {
    const t = await jwt({ iss: 'https://auth.staging.example.com/', aud: 'https://api.staging.example.com', exp: now - 600 });
    const { ids, first } = explain([{ url: 'https://api.example.com/v1/me', req: [['Authorization', `Bearer ${t}`]], status: 401, res: [bearerChallenge(', error="invalid_token"')] }]);
    expect(ids.slice(0, 3).sort()).toEqual(['token-audience-mismatch', 'token-expired', 'token-issuer-mismatch']);
    expect(first.id).toBe('token-issuer-mismatch');
    expect(first.title).toMatch(/its audience, expiry fail for the same reason/);
  });

  it('a body calling the key invalid means it was read, whatever scheme the challenge names; "invalid token" after Basic does not', () => {
    const stripe = explain([{ url: 'https://api.stripe.com/v1/charges', req: [['Authorization', 'Bearer sk_test_0123456789abcdefghij7dc0']], status: 401,
      res: [['WWW-Authenticate', 'Basic realm="Stripe"']], body: '{"error":{"message":"Invalid API Key provided: sk_test_****7dc0","type":"invalid_request_error"}}' }]);
    expect(stripe.first.id).toBe('credentials-rejected');
    expect(stripe.first.evidence.join('\n')).toMatch(/challenge names Basic, but the server judged the Bearer credentials/);
    const basic = explain([{ url: 'https://api.example.com/v1/orders', req: [['Authorization', 'Basic YWxpY2U6d29uZGVybGFuZA==']], status: 401,
      res: [bearerChallenge()], body: '{"error":"Invalid token"}' }]);
    expect(basic.first.id).toBe('scheme-mismatch');
  });

  it('a 403 that says nobody was authenticated is not a permission verdict, even with a key sent', () => {
    const { ids, first } = explain([{ url: 'https://api.example.com/items', req: [['X-Api-Token', '9944b09199c62bcf9418ad846dd0e4bb']], status: 403, body: '{"detail":"Authentication credentials were not provided."}' }]);
    expect(ids[0]).not.toBe('authenticated-but-forbidden');
    expect(first.id).toBe('api-key-misplaced');
  });
});

describe('the report', () => {
  it('has one entry per 401/403/407 with its HAR index, other statuses left out, findings never empty', () => {
    const report = explainExchanges(exchanges([
      { url: 'https://a.example.com/1', status: 200 },
      { url: 'https://a.example.com/2', status: 401 },
      { url: 'https://a.example.com/3', status: 404 },
      { url: 'https://a.example.com/4', status: 403 },
      { url: 'https://a.example.com/5', status: 500 },
    ]));
    expect(report.entries.map((e) => [e.index, e.status])).toEqual([[1, 401], [3, 403]]);
    for (const e of report.entries) {
      expect(e.findings.length).toBeGreaterThan(0);
      const c = e.findings.map((f) => f.confidence);
      expect([...c].sort((a, b) => b - a)).toEqual(c);
    }
  });

  it('masks an API key in the reported URL', () => {
    const { last } = explain([{ url: 'https://api.example.com/w?city=X&api_key=4f1c2d3e5a6b7c8d9e0f', status: 401 }]);
    expect(last.url).toBe('https://api.example.com/w?city=X&api_key=****');
  });

  it('refuses a file that is not a HAR, saying what is missing', () => {
    const r = harToExchanges('{"entries": []}', 'x.har');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: 'file-malformed' });
    if (!r.ok) expect(r.error.message).toMatch(/x\.har has no log\.entries/);
  });
});
