import { describe, expect, it } from 'vitest';
import { grpcTarget } from '../../../electron/engine/grpc/channel';

describe('grpcTarget remembers the targets of URLs it parsed', () => {
  it('gives each URL its own target, the first time and again', () => {
    for (let round = 0; round < 2; round++) {
      expect(grpcTarget('http://127.0.0.1:5001/pkg.S/M', 'R')).toEqual({ address: '127.0.0.1:5001', secure: false, origin: 'grpc://127.0.0.1:5001' });
      expect(grpcTarget('https://127.0.0.1:5001/pkg.S/M', 'R')).toEqual({ address: '127.0.0.1:5001', secure: true, origin: 'grpcs://127.0.0.1:5001' });
      expect(grpcTarget('https://localhost/pkg.S/M', 'R')).toEqual({ address: 'localhost:443', secure: true, origin: 'grpcs://localhost' });
    }
  });

  it('hands out a target no caller can change for the next', () => {
    const t = grpcTarget('http://127.0.0.1:5002/pkg.S/M', 'R');
    expect(() => { (t as { address: string }).address = 'elsewhere:1'; }).toThrow(TypeError);
    expect(grpcTarget('http://127.0.0.1:5002/pkg.S/M', 'R').address).toBe('127.0.0.1:5002');
  });

  it('refuses a query string each time, naming the request', () => {
    for (const name of ['First', 'Second']) {
      expect(() => grpcTarget('http://127.0.0.1:5003/pkg.S/M?k=v', name)).toThrow(`gRPC request ${name}: a gRPC URL has no query string`);
    }
  });
});
