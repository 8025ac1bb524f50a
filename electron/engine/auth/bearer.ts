import type { z } from 'zod';
import type { BearerAuth } from '../../../shared/model';
import { maskToken } from '../../../shared/mask';
import { requireField } from './config-error';
import { setCredentialHeader } from './request-edit';
import type { AuthScheme } from './types';

type Bearer = z.infer<typeof BearerAuth>;

export interface CleanedToken {
  token: string;
  /** What was removed, in words, for the auth log; empty when the token was clean. */
  removed: string[];
}

/**
 * People paste tokens with their scheme word ("Bearer eyJ..."), with quotes from a JSON response,
 * or with a trailing newline; each would make the server refuse a valid token.
 */
export function cleanToken(raw: string, prefix = 'Bearer'): CleanedToken {
  const removed: string[] = [];
  let t = raw;
  if (t !== t.trim()) { t = t.trim(); removed.push('surrounding whitespace'); }
  const quoted = /^(["'])(.*)\1$/s.exec(t);
  if (quoted && quoted[2] !== undefined) { t = quoted[2].trim(); removed.push('surrounding quotes'); }
  for (const word of new Set([prefix, 'Bearer'].filter((w) => w !== ''))) {
    const re = new RegExp(`^${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s+`, 'i');
    if (re.test(t)) { t = t.replace(re, ''); removed.push(`a leading "${word} "`); break; }
  }
  return { token: t, removed };
}

export const bearerScheme: AuthScheme<Bearer> = {
  type: 'bearer',
  label: 'Bearer token',
  apply(auth, req, ctx) {
    requireField(ctx, 'Bearer', 'token', auth.token);
    const prefix = (auth.prefix ?? 'Bearer').trim();
    const { token, removed } = cleanToken(auth.token, prefix);
    requireField(ctx, 'Bearer', 'token', token);
    const value = prefix === '' ? token : `${prefix} ${token}`;
    const out = setCredentialHeader(req, 'Authorization', value);
    const note = removed.length > 0 ? ` Removed ${removed.join(' and ')} from the pasted token.` : '';
    ctx.log(`Bearer: sent Authorization: ${prefix === '' ? '' : `${prefix} `}${maskToken(token)}.${note}`);
    return Promise.resolve(out);
  },
};
