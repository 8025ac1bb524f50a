import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CompactSign, SignJWT, exportJWK, exportSPKI, generateKeyPair, importPKCS8 } from 'jose';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeToken, encodeBase64url, inspectJwt, type Fetcher } from '../../../shared/inspector/jwt';
import { JwtInspection } from '../../../shared/inspector/report';

const at = new Date('2026-11-20T09:30:00Z');
const now = Math.floor(at.getTime() / 1000);
const b64 = (v: unknown): string => encodeBase64url(new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v)));
const raw = (header: unknown, payload: unknown, sig = 'c2ln'): string => `${b64(header)}.${b64(payload)}.${sig}`;
const secret = new TextEncoder().encode('the-secret-the-api-actually-uses-42');

async function hs(claims: Record<string, unknown>, key = secret, header: Record<string, unknown> = {}): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT', ...header }).sign(key);
}

/** An HS256 JWS whose header lists `crit` (signed as a producer that understands the extensions would). */
function critToken(crit: string[], extra: Record<string, unknown>): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify({ sub: 'x' })))
    .setProtectedHeader({ alg: 'HS256', crit, ...extra })
    .sign(secret, { crit: Object.fromEntries(crit.map((c) => [c, true])) });
}

function decoded(token: string, keyCount?: number) {
  const r = decodeToken(token, { at, keyCount });
  if (!r.ok) throw new Error(r.error.message);
  return r.report;
}

describe('JWT decoding', () => {
  it('decodes a JWS: header, payload, signature, and explains the claims with times relative to the reference', async () => {
    const t = await hs({ iss: 'https://auth.example.com/', sub: 'u-42', aud: ['https://api.example.com', 'billing'], exp: now - 7 * 60, iat: now - 3600, jti: 'j1', scope: 'a b', azp: 'cli', cnf: { jkt: 'abc' }, tenant: 't1' });
    const r = decoded(t);
    expect(JwtInspection.safeParse({ ok: true, report: r }).success).toBe(true);
    expect(r.kind).toBe('JWS');
    expect(r.header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(r.signature).toBe(t.split('.')[2]);
    const exp = r.claims.find((c) => c.name === 'exp')!;
    expect(exp).toMatchObject({ meaning: 'expires at', iso: '2026-11-20T09:23:00Z', relative: '7 minutes before the reference time' });
    expect(r.claims.find((c) => c.name === 'aud')?.value).toEqual(['https://api.example.com', 'billing']);
    expect(r.claims.find((c) => c.name === 'cnf')?.meaning).toMatch(/DPoP/);
    expect(r.claims.find((c) => c.name === 'tenant')?.meaning).toMatch(/custom/);
    expect(r.warnings.map((w) => w.code)).toContain('expired');
  });

  it('warns: alg none, no exp, lifetime over 24 h, iat in the future, unknown crit, kid absent with several keys', () => {
    const r = decoded(raw({ alg: 'none', crit: ['x-custom'], b: 1 }, { iat: now + 600 }, ''), 3);
    const codes = r.warnings.map((w) => w.code);
    expect(codes).toEqual(expect.arrayContaining(['alg-none', 'no-exp', 'iat-in-future', 'unknown-crit', 'kid-absent-several-keys']));
    const long = decoded(raw({ alg: 'HS256' }, { iat: now, exp: now + 3 * 86400 }));
    expect(long.warnings.find((w) => w.code === 'long-lifetime')?.message).toMatch(/3 days/);
  });

  it('keeps a non-JSON payload as payloadText, and warns about JSON that is not an object', () => {
    const text = decoded(`${b64({ alg: 'HS256' })}.${b64('hello, world')}.c2ln`);
    expect(text.payload).toBeNull();
    expect(text.payloadText).toBe('hello, world');
    const arr = decoded(raw({ alg: 'HS256' }, [1, 2]));
    expect(arr.payload).toBeNull();
    expect(arr.warnings.map((w) => w.code)).toContain('payload-not-object');
  });

  it('tolerates and reports a Bearer prefix, quotes, whitespace and base64 padding', () => {
    // 22 bytes of header: 30 base64url characters, which standard base64 pads with "==".
    const [h, p, sig] = raw({ alg: 'HS256', ab: 1 }, { exp: now + 60 }).split('.');
    expect(h!.length % 4).toBe(2);
    const r = decoded(` Bearer "${h}==.${p}.${sig}"\n`);
    expect(r.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(['surrounding-whitespace', 'bearer-prefix', 'surrounding-quotes', 'padded-base64']));
  });

  it('recognises a JWE and shows only its protected header', () => {
    const r = decoded(`${b64({ alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: 'e1' })}.ZW5j.aXY.Y2lwaGVy.dGFn`);
    expect(r).toMatchObject({ kind: 'JWE', payload: null, signature: null, claims: [] });
    expect(r.header.enc).toBe('A256GCM');
    expect(r.warnings.find((w) => w.code === 'encrypted')?.message).toMatch(/cannot be read without/);
  });

  it('decodes a nested token (cty JWT)', () => {
    const inner = raw({ alg: 'HS256' }, { sub: 'inner', exp: now + 60 });
    const outer = `${b64({ alg: 'HS256', cty: 'JWT' })}.${b64(inner)}.c2ln`;
    const r = decoded(outer);
    expect(r.nested?.payload).toEqual({ sub: 'inner', exp: now + 60 });
  });

  it('says exactly what cannot be decoded: segment count, base64url character and position, JSON error', () => {
    const fail = (t: string) => { const r = decodeToken(t, { at }); if (r.ok) throw new Error('decoded'); return r.error; };
    expect(fail('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0').message).toMatch(/this one has 2: the signature segment is missing/);
    const e = fail('eyJhbGciOiJIUzI1NiJ9.eyJzdW+iOiJ4In0.c2ln');
    expect(e).toMatchObject({ segment: 2, segmentName: 'payload', position: 6 });
    expect(e.message).toMatch(/"\+" \(standard base64/);
    const j = fail(`${b64('{"alg":"HS256",}')}.${b64({})}.c2ln`);
    expect(j).toMatchObject({ segment: 1 });
    expect(j.message).toMatch(/not valid JSON/);
    expect(fail(`${b64('[1]')}.${b64({})}.c2ln`).message).toMatch(/not an object/);
    expect(fail(`${b64({ alg: 'HS256' })}.${b64('{"a":')}.c2ln`).message).toMatch(/Segment 2 \(payload\) is not valid JSON/);
    expect(fail('a'.repeat(1024 * 1024)).message).toMatch(/1048576 characters long/);
  });

  it('decodes a token past 64 KB with a warning', () => {
    const r = decoded(raw({ alg: 'HS256' }, { exp: now + 60, blob: 'x'.repeat(70_000) }));
    expect(r.warnings.map((w) => w.code)).toContain('token-too-large');
  });
});

describe('JWT verification', () => {
  it('verifies HS256 with the shared secret and refuses another secret (bad-signature)', async () => {
    const t = await hs({ sub: 'x', exp: now + 60 });
    const ok = await inspectJwt(t, { at, key: { kind: 'secret', secret: 'the-secret-the-api-actually-uses-42' } });
    expect(ok.ok && ok.report.verification).toMatchObject({ verified: true, alg: 'HS256', reason: null });
    const bad = await inspectJwt(t, { at, key: { kind: 'secret', secret: 'another' } });
    expect(bad.ok && bad.report.verification).toMatchObject({ verified: false, reason: 'bad-signature' });
  });

  it.each(['RS256', 'PS256', 'ES256', 'ES384', 'EdDSA'] as const)('verifies %s against a JWKS, choosing the key by kid', async (alg) => {
    const right = await generateKeyPair(alg, { extractable: true });
    const other = await generateKeyPair(alg, { extractable: true });
    const jwks = { keys: [{ ...(await exportJWK(other.publicKey)), kid: 'old' }, { ...(await exportJWK(right.publicKey)), kid: 'k2' }] };
    const t = await new SignJWT({ sub: 'x', exp: now + 60 }).setProtectedHeader({ alg, kid: 'k2' }).sign(right.privateKey);
    const r = await inspectJwt(t, { at, key: { kind: 'text', text: JSON.stringify(jwks) } });
    expect(r.ok && r.report.verification).toMatchObject({ verified: true, alg, kid: 'k2' });
    const wrongKid = await new SignJWT({ sub: 'x' }).setProtectedHeader({ alg, kid: 'k9' }).sign(right.privateKey);
    const r2 = await inspectJwt(wrongKid, { at, key: { kind: 'text', text: JSON.stringify(jwks) } });
    expect(r2.ok && r2.report.verification).toMatchObject({ verified: false, reason: 'no-matching-key', kid: 'k9' });
  });

  it('verifies with a PEM SPKI public key and with an X.509 certificate', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
    const t = await new SignJWT({ sub: 'x' }).setProtectedHeader({ alg: 'RS256' }).sign(privateKey);
    const spki = await inspectJwt(t, { at, key: { kind: 'text', text: await exportSPKI(publicKey) } });
    expect(spki.ok && spki.report.verification?.verified).toBe(true);
    const pems = await generate([{ name: 'commonName', value: 'issuer.test' }], { keySize: 2048, algorithm: 'sha256' });
    const certKey = await importPKCS8(pems.private, 'RS256');
    const t2 = await new SignJWT({ sub: 'x' }).setProtectedHeader({ alg: 'RS256' }).sign(certKey);
    const cert = await inspectJwt(t2, { at, key: { kind: 'text', text: pems.cert } });
    expect(cert.ok && cert.report.verification).toMatchObject({ verified: true, alg: 'RS256' });
    const wrong = await inspectJwt(t, { at, key: { kind: 'text', text: pems.cert } });
    expect(wrong.ok && wrong.report.verification?.reason).toBe('bad-signature');
  });

  it('refuses alg confusion (HS256 token, RSA public key), alg none, and says when a key is unusable', async () => {
    const { publicKey } = await generateKeyPair('RS256', { extractable: true });
    const jwk = JSON.stringify(await exportJWK(publicKey));
    const hsToken = await hs({ sub: 'x' });
    const conf = await inspectJwt(hsToken, { at, key: { kind: 'text', text: jwk } });
    expect(conf.ok && conf.report.verification?.reason).toBe('alg-not-allowed-for-key');
    const none = await inspectJwt(raw({ alg: 'none' }, { sub: 'x' }, ''), { at, key: { kind: 'text', text: jwk } });
    expect(none.ok && none.report.verification?.reason).toBe('alg-none');
    const priv = await inspectJwt(hsToken, { at, key: { kind: 'text', text: '-----BEGIN PRIVATE KEY-----\nMII=\n-----END PRIVATE KEY-----\n' } });
    expect(priv.ok && priv.report.verification).toMatchObject({ verified: false, reason: 'key-unusable' });
    expect(priv.ok && priv.report.verification?.message).toMatch(/private key/);
  });

  it('a token whose crit lists an unknown extension is not verified (unknown-crit), though its signature matches', async () => {
    const t = await critToken(['exp2'], { exp2: 1 });
    const r = await inspectJwt(t, { at, key: { kind: 'secret', secret: 'the-secret-the-api-actually-uses-42' } });
    expect(r.ok && r.report.verification).toMatchObject({ verified: false, alg: 'HS256', reason: 'unknown-crit' });
    expect(r.ok && r.report.verification?.message).toMatch(/^Unknown critical header: crit lists "exp2", which Keyhole does not understand, so the token must be rejected \(RFC 7515 §4\.1\.11\); the signature itself matches/);
    expect(r.ok && r.report.warnings.map((w) => w.code)).toContain('unknown-crit');
    expect(JwtInspection.safeParse(r).success).toBe(true);
  });

  it('with the wrong key too, the reason is the critical header, and the message says the signature does not verify either', async () => {
    const t = await critToken(['exp2', 'exp3'], { exp2: 1, exp3: 2 });
    const r = await inspectJwt(t, { at, key: { kind: 'secret', secret: 'another' } });
    expect(r.ok && r.report.verification).toMatchObject({ verified: false, reason: 'unknown-crit' });
    expect(r.ok && r.report.verification?.message).toMatch(/crit lists "exp2", "exp3".*nor does the signature verify \(the signature does not match/);
  });

  it('a crit that is empty or not a list of names is not verified either; crit ["b64"] (RFC 7797, understood) is', async () => {
    const key = { kind: 'secret' as const, secret: 'the-secret-the-api-actually-uses-42' };
    for (const crit of [[], 'exp2', [7]]) {
      const t = raw({ alg: 'HS256', crit }, { sub: 'x' });
      const r = await inspectJwt(t, { at, key });
      expect(r.ok && r.report.verification?.reason, JSON.stringify(crit)).toBe('unknown-crit');
    }
    const b64Token = await critToken(['b64'], { b64: true });
    const ok = await inspectJwt(b64Token, { at, key });
    expect(ok.ok && ok.report.verification).toMatchObject({ verified: true, reason: null });
  });

  describe('keys fetched through the injected fetcher', () => {
    let server: Server;
    let base = '';
    let jwks: unknown;
    const fetched: string[] = [];
    const fetcher: Fetcher = async (url) => {
      fetched.push(new URL(url).pathname);
      const res = await fetch(url);
      return { status: res.status, body: await res.text() };
    };
    beforeAll(async () => {
      server = createServer((req, res) => {
        if (req.url === '/.well-known/openid-configuration') res.end(JSON.stringify({ issuer: base, jwks_uri: `${base}/keys` }));
        else if (req.url === '/keys') res.end(JSON.stringify(jwks));
        else { res.statusCode = 404; res.end(); }
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    it('verifies with a JWKS URL and with an issuer\'s OIDC discovery', async () => {
      const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
      jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: 'disc', alg: 'ES256' }] };
      const t = await new SignJWT({ iss: base }).setProtectedHeader({ alg: 'ES256', kid: 'disc' }).sign(privateKey);
      const byUrl = await inspectJwt(t, { at, key: { kind: 'jwks-url', url: `${base}/keys` }, fetcher });
      expect(byUrl.ok && byUrl.report.verification).toMatchObject({ verified: true, kid: 'disc' });
      fetched.length = 0;
      const byIssuer = await inspectJwt(t, { at, key: { kind: 'issuer', url: `${base}/` }, fetcher });
      expect(byIssuer.ok && byIssuer.report.verification?.verified).toBe(true);
      expect(fetched).toEqual(['/.well-known/openid-configuration', '/keys']);
    });

    it('says why when the issuer publishes no keys', async () => {
      const r = await inspectJwt(await hs({}), { at, key: { kind: 'issuer', url: `${base}/nothing` }, fetcher });
      expect(r.ok && r.report.verification).toMatchObject({ verified: false, reason: 'key-unusable' });
      expect(r.ok && r.report.verification?.message).toMatch(/HTTP 404/);
    });
  });
});
