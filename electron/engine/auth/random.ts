import { randomBytes as nodeRandomBytes, randomFillSync } from 'node:crypto';
import type { AuthContext } from './types';

/**
 * Digest and OAuth 1.0a take 16 random bytes per request. A CSPRNG call costs ~5 us on these
 * machines however few bytes it returns, so small requests are served from a pool refilled from
 * the CSPRNG when spent, as Node's randomUUID does. No byte is handed out twice.
 */
const POOL = Buffer.allocUnsafe(4096);
let used = POOL.length;

export function systemRandomBytes(size: number): Uint8Array {
  if (size > 256) return nodeRandomBytes(size);
  if (used + size > POOL.length) {
    randomFillSync(POOL);
    used = 0;
  }
  const out = Buffer.from(POOL.subarray(used, used + size));
  used += size;
  return out;
}

/** Random bytes from the context (tests pin them) or the system's CSPRNG. */
export function randomBytesFrom(ctx: Pick<AuthContext, 'randomBytes'>, size: number): Uint8Array {
  return ctx.randomBytes ? ctx.randomBytes(size) : systemRandomBytes(size);
}

export function randomHex(ctx: Pick<AuthContext, 'randomBytes'>, size: number): string {
  return Buffer.from(randomBytesFrom(ctx, size)).toString('hex');
}
