import { describe, expect, it } from 'vitest';
import { KeyholeError } from '../../../shared/errors';
import { buildUrl } from '../../../electron/engine/execute/url';

describe('buildUrl remembers the URLs it built from a text alone', () => {
  it('gives each protocol its own URL for the same text, the first time and again', () => {
    for (let round = 0; round < 2; round++) {
      expect(buildUrl('api.example:8443/v1', [], 'R')).toBe('http://api.example:8443/v1');
      expect(buildUrl('api.example:8443/v1', [], 'R', 'keyhole', 'websocket')).toBe('http://api.example:8443/v1');
      expect(buildUrl('grpcs://api.example:8443', [], 'R', 'keyhole', 'grpc')).toBe('https://api.example:8443/');
      expect(buildUrl('api.example:8443', [], 'R', 'keyhole', 'grpc')).toBe('http://api.example:8443/');
      // The same text built for gRPC first is still no HTTP URL.
      expect(buildUrl('grpc://api.example:8443', [], 'R', 'keyhole', 'grpc')).toBe('http://api.example:8443/');
      expect(() => buildUrl('grpc://api.example:8443', [], 'R')).toThrow('Request R uses grpc:');
    }
  });

  it('applies query rows every time, and drops them again when they are switched off', () => {
    const raw = 'https://api.example/items?a=1';
    expect(buildUrl(raw, [], 'R')).toBe('https://api.example/items?a=1');
    expect(buildUrl(raw, [{ key: 'b', value: 'x y', enabled: true }], 'R')).toBe('https://api.example/items?a=1&b=x%20y');
    expect(buildUrl(raw, [{ key: 'b', value: 'z', enabled: true }], 'R')).toBe('https://api.example/items?a=1&b=z');
    expect(buildUrl(raw, [{ key: 'b', value: 'z', enabled: false }], 'R')).toBe('https://api.example/items?a=1');
  });

  it('gives each encoding its own URL for the same text: one sent as typed is not the encoded one', () => {
    const raw = 'http://api.example/a b/%7Euser?q=a b';
    for (let round = 0; round < 2; round++) {
      const encoded = buildUrl(raw, [], 'R');
      const typed = buildUrl(raw, [], 'R', 'as-written');
      expect(encoded).toContain('/a%20b/');
      expect(typed).toBe('http://api.example/a b/%7Euser?q=a b');
      expect(typed).not.toBe(encoded);
    }
  });

  it('refuses a bad URL each time it is asked, naming the request', () => {
    for (const name of ['First', 'Second']) {
      expect(() => buildUrl('http://exa mple.com:99999', [], name)).toThrow(KeyholeError);
      expect(() => buildUrl('http://exa mple.com:99999', [], name)).toThrow(`Request ${name} has an invalid URL`);
    }
  });
});
