import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { applyAuth } from '../../../electron/engine/auth';
import { oauth1Signature, parseForm, signatureBaseString } from '../../../electron/engine/auth/oauth1-signature';
import { startHttpServer } from '../../servers/http';
import { header, makeCtx, prepared } from './helpers';

describe('OAuth 1.0a vectors', () => {
  it('RFC 5849 §3.4.1.1 signature base string (query + form body, realm excluded)', () => {
    const base = signatureBaseString({
      method: 'POST', url: 'http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b', bodyParams: parseForm('c2&a3=2+q'),
      oauthParams: { oauth_consumer_key: '9djdj82h48djs9d2', oauth_token: 'kkk9d7dh3k39sjv7', oauth_signature_method: 'HMAC-SHA1', oauth_timestamp: '137131201', oauth_nonce: '7d8f3e4a', realm: 'Example' },
    });
    expect(base).toBe('POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7');
  });

  it('RFC 5849 §1.2 protected resource request (HMAC-SHA1; the value as corrected by the RFC errata)', () => {
    const base = signatureBaseString({
      method: 'GET', url: 'http://photos.example.net/photos?file=vacation.jpg&size=original',
      oauthParams: { oauth_consumer_key: 'dpf43f3p2l4k3l03', oauth_token: 'nnch734d00sl2jdk', oauth_signature_method: 'HMAC-SHA1', oauth_timestamp: '137131202', oauth_nonce: 'chapoH' },
    });
    expect(oauth1Signature({ method: 'HMAC-SHA1', baseString: base, consumerSecret: 'kd94hf93k423kf44', tokenSecret: 'pfkkdhi9sl3r4s00' })).toBe('MdpQcU8iPSUjWoN/UDMsK2sui9I=');
  });

  it('RFC 5849 §1.2 temporary credentials request (no token secret)', () => {
    const base = signatureBaseString({
      method: 'POST', url: 'https://photos.example.net/initiate',
      oauthParams: { oauth_consumer_key: 'dpf43f3p2l4k3l03', oauth_signature_method: 'HMAC-SHA1', oauth_timestamp: '137131200', oauth_nonce: 'wIjqoS', oauth_callback: 'http://printer.example.com/ready' },
    });
    expect(oauth1Signature({ method: 'HMAC-SHA1', baseString: base, consumerSecret: 'kd94hf93k423kf44' })).toBe('74KNZJeDHnMBp0EMJ9ZHt/XKycU=');
  });

  it('Twitter\'s "Creating a signature" example', () => {
    const base = signatureBaseString({
      method: 'POST', url: 'https://api.twitter.com/1.1/statuses/update.json?include_entities=true',
      bodyParams: parseForm('status=Hello%20Ladies%20%2b%20Gentlemen%2c%20a%20signed%20OAuth%20request%21'),
      oauthParams: { oauth_consumer_key: 'xvz1evFS4wEEPTGEFPHBog', oauth_nonce: 'kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg', oauth_signature_method: 'HMAC-SHA1', oauth_timestamp: '1318622958', oauth_token: '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb', oauth_version: '1.0' },
    });
    expect(oauth1Signature({ method: 'HMAC-SHA1', baseString: base, consumerSecret: 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw', tokenSecret: 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE' })).toBe('hCtSmYh+iHYCEqBWrE7C7hYmtUk=');
  });

  it('PLAINTEXT is the encoded secrets joined by &', () => {
    expect(oauth1Signature({ method: 'PLAINTEXT', baseString: 'ignored', consumerSecret: 'a b', tokenSecret: 'c&d' })).toBe('a%20b&c%26d');
  });
});

describe('OAuth 1.0a scheme', () => {
  const auth = { type: 'oauth1' as const, signatureMethod: 'HMAC-SHA1' as const, consumerKey: 'ck', consumerSecret: 'consumer-secret-123', token: 'tok', tokenSecret: 'token-secret-456', includeBodyHash: false, realm: 'Photos' };

  it('signs a form POST that a server verifying by hand accepts', async () => {
    let verdict = 'unchecked';
    const server = await startHttpServer((req, res) => {
      // The server rebuilds the base string by hand for this one known request shape.
      const h = req.headers.authorization ?? '';
      const p: Record<string, string> = Object.fromEntries([...h.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1] ?? '', decodeURIComponent(m[2] ?? '')]));
      const enc = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
      const params = [['a', 'x y'], ['q', '1'], ...Object.entries(p).filter(([k]) => k !== 'realm' && k !== 'oauth_signature')]
        .map(([k, v]) => `${enc(k ?? '')}=${enc(v ?? '')}`).sort().join('&');
      const base = `POST&${enc(`http://127.0.0.1:${server.port}/r`)}&${enc(params)}`;
      const expected = createHmac('sha1', 'consumer-secret-123&token-secret-456').update(base).digest('base64');
      verdict = expected === p['oauth_signature'] && p['realm'] === 'Photos' ? 'ok' : 'bad';
      res.writeHead(verdict === 'ok' ? 200 : 401).end();
    });
    try {
      const ctx = makeCtx({ now: () => new Date(1_700_000_000_000), randomBytes: (n) => new Uint8Array(n).fill(1) });
      const out = await applyAuth(auth, prepared(`${server.url}/r?q=1`, {
        method: 'POST', headers: [['Content-Type', 'application/x-www-form-urlencoded']],
        body: { kind: 'bytes', data: Buffer.from('a=x+y'), contentType: 'application/x-www-form-urlencoded' },
      }), ctx);
      expect(header(out.headers, 'authorization')).toMatch(/^OAuth realm="Photos", oauth_consumer_key="ck", oauth_token="tok", oauth_signature_method="HMAC-SHA1", oauth_timestamp="1700000000", oauth_nonce="0101/);
      const x = await ctx.send(out);
      expect(verdict).toBe('ok');
      expect(x.response.status).toBe(200);
      expect(ctx.logs.join('\n')).not.toMatch(/consumer-secret-123|token-secret-456/);
    } finally {
      await server.close();
    }
  });

  it('adds oauth_body_hash for a JSON body when asked, and not for a form body', async () => {
    const json = await applyAuth({ ...auth, includeBodyHash: true }, prepared('http://127.0.0.1:9/', { method: 'POST', body: { kind: 'bytes', data: Buffer.from('{"a":1}'), contentType: 'application/json' } }), makeCtx());
    const expected = encodeURIComponent(createHash('sha1').update('{"a":1}').digest('base64'));
    expect(header(json.headers, 'authorization')).toContain(`oauth_body_hash="${expected}"`);
    const form = await applyAuth({ ...auth, includeBodyHash: true }, prepared('http://127.0.0.1:9/', { method: 'POST', body: { kind: 'bytes', data: Buffer.from('a=1'), contentType: 'application/x-www-form-urlencoded' } }), makeCtx());
    expect(header(form.headers, 'authorization')).not.toContain('oauth_body_hash');
  });
});
