import { describe, expect, it } from 'vitest';
import { systemRandomBytes } from '../../../electron/engine/auth/random';

describe('systemRandomBytes', () => {
  it('never hands out the same bytes twice, across pool refills, and copies what it hands out', () => {
    const seen = new Set<string>();
    const first = systemRandomBytes(16);
    const firstHex = Buffer.from(first).toString('hex');
    for (let i = 0; i < 2000; i++) { // 32 KB: several refills of the 4 KB pool
      const hex = Buffer.from(systemRandomBytes(16)).toString('hex');
      expect(seen.has(hex)).toBe(false);
      seen.add(hex);
    }
    expect(Buffer.from(first).toString('hex')).toBe(firstHex); // a refill did not overwrite it
    expect(seen.has(firstHex)).toBe(false);
  });

  it('gives the size asked for, small or large, and not all zeros', () => {
    for (const n of [1, 16, 256, 257, 5000]) {
      const b = systemRandomBytes(n);
      expect(b.length).toBe(n);
      if (n >= 16) expect(b.some((x) => x !== 0)).toBe(true);
    }
  });
});
