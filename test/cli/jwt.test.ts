import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompactSign, SignJWT, exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JwtReport } from '../../shared/inspector';
import { keyhole } from './harness';

const tmp = mkdtempSync(join(tmpdir(), 'keyhole-jwt-'));
const secret = 'the-secret-the-api-actually-uses-42';
const at = '2026-11-20T09:30:00Z';
const now = Math.floor(Date.parse(at) / 1000);
const hs = (claims: Record<string, unknown>, key = secret) => new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: 'k1' }).sign(new TextEncoder().encode(key));

describe('keyhole jwt', () => {
  let server: Server;
  let base = '';
  let jwks: unknown = { keys: [] };
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/.well-known/openid-configuration') res.end(JSON.stringify({ issuer: base, jwks_uri: `${base}/jwks` }));
      else if (req.url === '/jwks') res.end(JSON.stringify(jwks));
      else { res.statusCode = 404; res.end(); }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('--json prints the spec shape, with claims relative to --at, exit 0', async () => {
    const t = await hs({ iss: 'https://auth.example.com/', exp: now - 7 * 60 });
    const r = await keyhole(['jwt', t, '--at', at, '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as unknown;
    expect(JwtReport.safeParse(report).success).toBe(true);
    expect(report).toMatchObject({ kind: 'JWS', header: { alg: 'HS256', kid: 'k1', typ: 'JWT' }, payload: { exp: now - 420 } });
    expect((report as { claims: unknown[] }).claims).toContainEqual({ name: 'exp', value: now - 420, meaning: 'expires at', iso: '2026-11-20T09:23:00Z', relative: '7 minutes before the reference time' });
    expect(report).not.toHaveProperty('verification');
  });

  it('verifies with --secret (0) and reports a bad signature (1); reads the token from stdin with a Bearer prefix', async () => {
    const t = await hs({ exp: now + 60 });
    const ok = await keyhole(['jwt', '-', '--secret', secret, '--json'], { stdin: `Bearer ${t}\n` });
    expect(ok.code).toBe(0);
    const rep = JSON.parse(ok.out) as { verification: unknown; warnings: { code: string }[] };
    expect(rep.verification).toMatchObject({ verified: true, alg: 'HS256', kid: 'k1', reason: null });
    expect(rep.warnings.map((w) => w.code)).toContain('bearer-prefix');
    const bad = await keyhole(['jwt', t, '--secret', 'wrong']);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/signature NOT verified: bad-signature/);
  });

  it('verifies with --key FILE (JWK) and --jwks URL and --issuer URL', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
    const jwk = { ...(await exportJWK(publicKey)), kid: 'r1', alg: 'RS256' };
    jwks = { keys: [jwk] };
    const t = await new SignJWT({ sub: 'x' }).setProtectedHeader({ alg: 'RS256', kid: 'r1' }).sign(privateKey);
    const file = join(tmp, 'key.jwk.json');
    writeFileSync(file, JSON.stringify(jwk));
    for (const args of [['--key', file], ['--jwks', `${base}/jwks`], ['--issuer', base]]) {
      const r = await keyhole(['jwt', t, ...args, '--json']);
      expect(r.code, args.join(' ')).toBe(0);
      expect(JSON.parse(r.out).verification, args.join(' ')).toMatchObject({ verified: true, kid: 'r1' });
    }
  });

  it('--key K on a token whose crit lists an unknown extension: signature NOT verified (unknown critical header), exit 1', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
    const file = join(tmp, 'crit.jwk.json');
    writeFileSync(file, JSON.stringify({ ...(await exportJWK(publicKey)), kid: 'c1', alg: 'RS256' }));
    const sign = (crit: string[], extra: Record<string, unknown>) => new CompactSign(new TextEncoder().encode(JSON.stringify({ sub: 'x' })))
      .setProtectedHeader({ alg: 'RS256', kid: 'c1', crit, ...extra }).sign(privateKey, { crit: Object.fromEntries(crit.map((c) => [c, true])) });
    const t = await sign(['http://example.com/pin'], { 'http://example.com/pin': 'abc' });
    const r = await keyhole(['jwt', t, '--key', file]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/signature NOT verified: unknown-crit: Unknown critical header: crit lists "http:\/\/example\.com\/pin", which Keyhole does not understand, so the token must be rejected \(RFC 7515 §4\.1\.11\); the signature itself matches/);
    expect(r.out).not.toMatch(/signature verified/);
    const json = await keyhole(['jwt', t, '--key', file, '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.out).verification).toMatchObject({ verified: false, alg: 'RS256', kid: 'c1', reason: 'unknown-crit' });
    // The control: the same key verifies the same kind of token without the extension.
    expect((await keyhole(['jwt', await sign(['b64'], { b64: true }), '--key', file])).code).toBe(0);
  });

  it('exits 2 with the segment and position when the token cannot be decoded', async () => {
    const two = await keyhole(['jwt', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0']);
    expect(two.code).toBe(2);
    expect(two.err).toMatch(/this one has 2/);
    const b64 = await keyhole(['jwt', 'eyJhbGciOiJIUzI1NiJ9.eyJz*WIiOiJ4In0.c2ln', '--json']);
    expect(b64.code).toBe(2);
    expect(JSON.parse(b64.out).error).toMatchObject({ segment: 2, segmentName: 'payload', position: 4 });
  });

  it('exits 2 on usage errors: two key sources, a bad --at, a missing key file', async () => {
    const t = await hs({});
    expect((await keyhole(['jwt', t, '--secret', 's', '--jwks', 'x.json'])).code).toBe(2);
    const badAt = await keyhole(['jwt', t, '--at', 'yesterday']);
    expect(badAt.code).toBe(2);
    expect(badAt.err).toMatch(/--at "yesterday"/);
    const missing = await keyhole(['jwt', t, '--key', join(tmp, 'none.pem')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('none.pem');
  });
});
