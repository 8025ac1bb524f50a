import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MASK, maskHeaderValue, maskSecret, maskToken, recentRedactor, redact, redactor } from '../../shared/mask';

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

describe('maskSecret: passwords, client secrets, keys', () => {
  it('shows the same fixed mask for every value, whatever its characters and length', () => {
    fc.assert(fc.property(fc.string({ minLength: 1, maxLength: 200 }), (s) => {
      expect(maskSecret(s)).toBe(MASK);
    }));
    expect(maskSecret('Tr0ub4dor&3secret')).toBe(maskSecret('x'));
  });

  it('keeps an empty value empty (that nothing was sent is the diagnosis)', () => {
    expect(maskSecret('')).toBe('');
  });

  it('is ASCII, so reports stay one byte a character', () => {
    expect(/^[\x20-\x7e]+$/.test(MASK)).toBe(true);
  });
});

describe('maskToken: tokens', () => {
  const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLWJ5dGVzLWhlcmUtWHhZeg';

  it('shows the public prefix of the format and the last 4 characters of a long token', () => {
    expect(maskToken(jwt)).toBe(`eyJ${MASK}${jwt.slice(-4)}`);
    expect(maskToken('ghp_0123456789abcdefghijABCDEFGHIJ')).toBe(`ghp_${MASK}GHIJ`);
    expect(maskToken('sk-proj-0123456789abcdefghijk')).toBe(`sk-proj-${MASK}hijk`);
    expect(maskToken('an-opaque-token-with-30-chars!')).toBe(`${MASK}ars!`);
  });

  it('shows no tail under 24 characters, and no prefix when little else would stay hidden', () => {
    expect(maskToken('opaque-23-characters-xx')).toBe(MASK);
    expect(maskToken('ghp_0123456789')).toBe(`ghp_${MASK}`);
    expect(maskToken('ghp_0123')).toBe(MASK);
    expect(maskToken('')).toBe('');
  });

  it('depends only on the prefix, the last 4 and whether the token has 24 characters: never on the rest or the exact length', () => {
    const middle = fc.string({ minLength: 20, maxLength: 300 });
    fc.assert(fc.property(middle, middle, fc.string({ minLength: 4, maxLength: 4 }), (a, b, tail) => {
      expect(maskToken(`.${a}${tail}`)).toBe(`${MASK}${tail}`);
      expect(maskToken(`.${a}${tail}`)).toBe(maskToken(`.${b}${tail}`));
      expect(maskToken(`eyJ${a}${tail}`)).toBe(maskToken(`eyJ${b}${tail}`));
    }));
    // Under 24 characters: at most the public prefix, then the mask; nothing of the rest.
    fc.assert(fc.property(fc.string({ minLength: 1, maxLength: 23 }), (s) => {
      const shown = maskToken(s);
      expect(shown.endsWith(MASK)).toBe(true);
      const prefix = shown.slice(0, -MASK.length);
      expect(s.startsWith(prefix)).toBe(true);
      if (prefix !== '') expect(s.length - prefix.length).toBeGreaterThanOrEqual(8);
    }));
  });
});

describe('maskHeaderValue', () => {
  it('masks Basic credentials wholesale: neither the password nor its length shows', () => {
    const short = maskHeaderValue('Authorization', `Basic ${b64('bob:x')}`);
    const long = maskHeaderValue('Authorization', `Basic ${b64('bob:Tr0ub4dor&3secret')}`);
    expect(long).toBe(`Basic ${MASK}`);
    expect(short).toBe(long);
  });

  it('masks a Bearer credential as a token, other schemes and API key headers wholesale', () => {
    expect(maskHeaderValue('authorization', 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.sig-abcd')).toBe(`Bearer eyJ${MASK}abcd`);
    expect(maskHeaderValue('Proxy-Authorization', 'Digest username="u", response="6629fae49393a05397450978507c4ef1"')).toBe(`Digest ${MASK}`);
    expect(maskHeaderValue('X-API-Key', 'sk-0123456789abcdefghijklmnop')).toBe(MASK);
    expect(maskHeaderValue('Content-Type', 'application/json')).toBe('application/json');
  });

  it('masks cookie values as tokens but keeps their names and a Set-Cookie\'s attributes', () => {
    expect(maskHeaderValue('Cookie', 'sid=abc; theme=dark-and-long-value-0123456789')).toBe(`sid=${MASK}; theme=${MASK}6789`);
    expect(maskHeaderValue('Set-Cookie', 'sid=abcdef; Path=/; HttpOnly; Max-Age=3600')).toBe(`sid=${MASK}; Path=/; HttpOnly; Max-Age=3600`);
  });
});

describe('redact', () => {
  it('replaces every known secret by the fixed mask, longest first', () => {
    expect(redact('u=alice&p=Tr0ub4dor&3secret&again=Tr0ub4dor&3secret', ['Tr0ub4dor&3secret', 'Tr0ub4dor'])).toBe(`u=alice&p=${MASK}&again=${MASK}`);
    expect(redact('key=abcd and key=abcdefghijklmnopqrstuvwxyz', ['abcd', 'abcdefghijklmnopqrstuvwxyz'])).toBe(`key=${MASK} and key=${MASK}`);
  });
});

describe('recentRedactor: one redactor per list of secrets', () => {
  it('reuses the redactor of a list met before, and a changed list masks its new values', () => {
    const first = recentRedactor(['alpha-secret-1']);
    expect(recentRedactor(['alpha-secret-1'])).toBe(first);
    const changed = recentRedactor(['beta-secret-2']);
    expect(changed).not.toBe(first);
    expect(changed('x beta-secret-2 alpha-secret-1')).toBe(`x ${MASK} alpha-secret-1`);
    expect(first('x beta-secret-2 alpha-secret-1')).toBe(`x beta-secret-2 ${MASK}`);
  });

  it('keeps lists built another way (a tag and its builder) apart from plain ones', () => {
    const plain = recentRedactor(['gamma-secret-3']);
    const upper = recentRedactor(['gamma-secret-3'], 'upper', (list) => redactor(list.map((s) => s.toUpperCase())));
    expect(upper).not.toBe(plain);
    expect(upper('GAMMA-SECRET-3 gamma-secret-3')).toBe(`${MASK} gamma-secret-3`);
    expect(plain('GAMMA-SECRET-3 gamma-secret-3')).toBe(`GAMMA-SECRET-3 ${MASK}`);
  });
});
