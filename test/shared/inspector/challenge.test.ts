import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { basicView, bearerView, digestView, parseChallenges, resourceMetadataOf, type StepMeter } from '../../../shared/inspector/challenge';

describe('RFC 9110 §11.6.1 challenge parsing', () => {
  it('splits several challenges in one header value, with auth-params and quoted commas', () => {
    const r = parseChallenges('Newauth realm="apps", type=1, title="Login to \\"apps\\", please", Basic realm="simple"');
    expect(r.problems).toEqual([]);
    expect(r.challenges.map((c) => c.scheme)).toEqual(['Newauth', 'Basic']);
    expect(r.challenges[0]?.params).toMatchObject({ realm: 'apps', type: '1', title: 'Login to "apps", please' });
    expect(r.challenges[1]?.params.realm).toBe('simple');
  });

  it('reads challenges across several header fields, token68 and bare schemes', () => {
    const r = parseChallenges(['Negotiate', 'NTLM TlRMTVNTUAACAAAA==', 'Token']);
    expect(r.challenges.map((c) => c.schemeKey)).toEqual(['negotiate', 'ntlm', 'token']);
    expect(r.challenges[1]?.token68).toBe('TlRMTVNTUAACAAAA==');
    expect(r.problems).toEqual([]);
  });

  it('treats scheme and parameter names case-insensitively, values as sent', () => {
    const r = parseChallenges('BEARER Realm="X", ERROR="invalid_token"');
    const b = bearerView(r.challenges[0]!);
    expect(r.challenges[0]?.schemeKey).toBe('bearer');
    expect(b).toMatchObject({ realm: 'X', error: 'invalid_token' });
  });

  it('gives RFC 6750 Bearer fields, scope as a list, and RFC 9728 resource_metadata', () => {
    const ch = parseChallenges('Bearer realm="api", error="insufficient_scope", error_description="needs write", error_uri="https://d/e", scope="orders:read  orders:write", resource_metadata="https://api/.well-known/oauth-protected-resource"').challenges[0]!;
    expect(bearerView(ch)).toEqual({ realm: 'api', error: 'insufficient_scope', errorDescription: 'needs write', errorUri: 'https://d/e', scope: ['orders:read', 'orders:write'], resourceMetadata: 'https://api/.well-known/oauth-protected-resource' });
    expect(resourceMetadataOf(ch)).toBe('https://api/.well-known/oauth-protected-resource');
  });

  it('reads RFC 7616 Digest: qop="auth,auth-int" is two values, stale and userhash are booleans, MD5 by default', () => {
    const ch = parseChallenges('Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS", stale=TRUE, userhash=true, charset=UTF-8, domain="/a /b"').challenges[0]!;
    const d = digestView(ch);
    expect(d.qop).toEqual(['auth', 'auth-int']);
    expect(d).toMatchObject({ stale: true, userhash: true, algorithm: 'SHA-256', charset: 'UTF-8', domain: ['/a', '/b'] });
    expect(digestView(parseChallenges('Digest realm="r", nonce="n"').challenges[0]!).algorithm).toBe('MD5');
  });

  it('reads Basic charset (RFC 7617 §2.1)', () => {
    expect(basicView(parseChallenges('Basic realm="foo", charset="UTF-8"').challenges[0]!)).toEqual({ realm: 'foo', charset: 'UTF-8' });
  });

  it('reports malformed input as problems and keeps what it could read', () => {
    const r = parseChallenges('Bearer realm="unterminated, error=x');
    expect(r.problems[0]?.message).toMatch(/never closed/);
    expect(r.challenges[0]?.scheme).toBe('Bearer');
    const dup = parseChallenges('Basic realm="a", realm="b"');
    expect(dup.challenges[0]?.params.realm).toBe('a');
    expect(dup.problems[0]?.message).toMatch(/more than once/);
    expect(parseChallenges('"quoted", Bearer').challenges.map((c) => c.scheme)).toEqual(['Bearer']);
  });

  it('does not let a parameter named __proto__ reach the prototype', () => {
    const ch = parseChallenges('Bearer __proto__="x", constructor=y').challenges[0]!;
    expect(Object.hasOwn(ch.params, '__proto__')).toBe(true);
    expect(ch.params.constructor).toBe('y');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('never throws, whatever the header (fuzzed)', () => {
    const alphabet = fc.constantFrom(...'Bearer Digest ,=";\\\t realm=x token68== abc'.split(''));
    fc.assert(fc.property(fc.array(fc.oneof(fc.string({ unit: alphabet, maxLength: 80 }), fc.string({ maxLength: 40 })), { maxLength: 3 }), (values) => {
      const r = parseChallenges(values);
      expect(Array.isArray(r.challenges)).toBe(true);
      for (const c of r.challenges) expect(c.schemeKey).toBe(c.scheme.toLowerCase());
    }), { numRuns: 500 });
  });

  it('takes linear steps on adversarial input (4x the input, at most ~4x the steps)', () => {
    const shapes = [
      (n: number) => 'Bearer ' + 'a=b, '.repeat(n),
      (n: number) => 'Basic ' + '"'.repeat(n),
      (n: number) => ','.repeat(n) + 'x',
      (n: number) => 'a '.repeat(n),
      (n: number) => 'B ' + 'x=' .repeat(n),
      (n: number) => 'B ' + 'abc'.repeat(n) + '=',
      (n: number) => 'B a="' + '\\"'.repeat(n),
      (n: number) => 'B ' + 'a=b '.repeat(n),
      (n: number) => 'B ' + 'a, b c=d, '.repeat(n),
    ];
    for (const shape of shapes) {
      const steps = (n: number): number => { const m: StepMeter = { steps: 0 }; parseChallenges(shape(n), m); return m.steps / shape(n).length; };
      const small = steps(500);
      const big = steps(2000);
      expect(big, shape(3)).toBeLessThan(small * 1.2 + 1);
      expect(big, shape(3)).toBeLessThan(6);
    }
  });
});
