import { exportPKCS8, generateKeyPair, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { applyAuth } from '../../../electron/engine/auth';
import { header, makeCtx, prepared } from './helpers';

const NOW = new Date('2026-01-02T03:04:05Z');
const base = { type: 'jwt' as const, claims: { sub: 'svc-42', aud: 'api' }, header: { kid: 'k1' }, lifetimeSeconds: 120, prefix: 'Bearer', in: 'header' as const, queryParam: 'token' };

describe('JWT Bearer', () => {
  for (const alg of ['RS256', 'PS384', 'ES256', 'EdDSA'] as const) {
    it(`${alg}: the token verifies with the public key, iat/exp from the clock`, async () => {
      const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
      const pem = await exportPKCS8(privateKey);
      const ctx = makeCtx({ now: () => NOW });
      const out = await applyAuth({ ...base, algorithm: alg, secret: pem }, prepared('http://127.0.0.1:9/'), ctx);
      const token = (header(out.headers, 'authorization') ?? '').replace(/^Bearer /, '');
      const { payload, protectedHeader } = await jwtVerify(token, publicKey, { currentDate: NOW, audience: 'api' });
      expect(protectedHeader).toMatchObject({ alg, kid: 'k1' });
      expect(payload.sub).toBe('svc-42');
      expect(payload.iat).toBe(NOW.getTime() / 1000);
      expect(payload.exp).toBe(NOW.getTime() / 1000 + 120);
      expect(ctx.logs.join('\n')).not.toContain(token);
    });
  }

  it('HS256 in a query parameter, marked as a credential', async () => {
    const secret = 'a-shared-secret-of-decent-length-0123456789';
    const out = await applyAuth({ ...base, algorithm: 'HS256', secret, in: 'query', queryParam: 'access_token' }, prepared('http://127.0.0.1:9/x?a=1'), makeCtx({ now: () => NOW }));
    const u = new URL(out.url);
    expect(u.searchParams.get('a')).toBe('1');
    const token = u.searchParams.get('access_token') ?? '';
    await expect(jwtVerify(token, new TextEncoder().encode(secret), { currentDate: NOW })).resolves.toBeTruthy();
    expect(out.credentialQuery).toEqual(['access_token']);
    expect(header(out.headers, 'authorization')).toBeUndefined();
  });

  it('claims the user set win over the filled-in ones', async () => {
    const out = await applyAuth({ ...base, algorithm: 'HS512', secret: 's3cret-s3cret-s3cret', claims: { exp: 42 } }, prepared('http://127.0.0.1:9/'), makeCtx({ now: () => NOW }));
    const token = (header(out.headers, 'authorization') ?? '').split(' ')[1] ?? '';
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as { exp: number; iat: number };
    expect(payload.exp).toBe(42);
    expect(payload.iat).toBe(NOW.getTime() / 1000);
  });
});
