import { randomBytes as nodeRandomBytes } from 'node:crypto';
import type { AuthContext } from './types';

/** Random bytes from the context (tests pin them) or the system's CSPRNG. */
export function randomBytesFrom(ctx: Pick<AuthContext, 'randomBytes'>, size: number): Uint8Array {
  return ctx.randomBytes ? ctx.randomBytes(size) : nodeRandomBytes(size);
}

export function randomHex(ctx: Pick<AuthContext, 'randomBytes'>, size: number): string {
  return Buffer.from(randomBytesFrom(ctx, size)).toString('hex');
}
