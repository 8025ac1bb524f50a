import type { z } from 'zod';
import type { BasicAuth } from '../../../shared/model';
import { maskSecret } from '../../../shared/mask';
import { authConfigError, requireField } from './config-error';
import { hasHeader, setCredentialHeader } from './request-edit';
import type { AuthScheme } from './types';

type Basic = z.infer<typeof BasicAuth>;

/**
 * RFC 7617 §2: base64(user-id ":" password). A user-id cannot contain ':' (the server splits on
 * the first one), so that is a configuration error rather than a silently wrong login.
 */
export function basicCredentials(username: string, password: string, charset: 'utf-8' | 'latin1' = 'utf-8'): string {
  return Buffer.from(`${username}:${password}`, charset === 'latin1' ? 'latin1' : 'utf8').toString('base64');
}

export const basicScheme: AuthScheme<Basic> = {
  type: 'basic',
  label: 'Basic',
  apply(auth, req, ctx) {
    const username = requireField(ctx, 'Basic', 'username', auth.username);
    if (username.includes(':')) {
      throw authConfigError(ctx, 'Basic', 'username', 'contains ":", which Basic auth cannot carry (RFC 7617 §2)', 'Remove the colon from the user name; the server would split it there.');
    }
    const charset = auth.charset ?? 'utf-8';
    const password = auth.password ?? '';
    if (charset === 'latin1' && /[^\u0000-\u00ff]/.test(username + password)) {
      throw authConfigError(ctx, 'Basic', 'charset', 'is latin1 but the user name or password has characters latin1 cannot encode', 'Use charset utf-8 (RFC 7617 §2.1).');
    }
    const replaced = hasHeader(req, 'authorization');
    const out = setCredentialHeader(req, 'Authorization', `Basic ${basicCredentials(username, password, charset)}`);
    ctx.log(`Basic: sent Authorization for user "${username}" (password ${password === '' ? 'empty' : maskSecret(password)}, encoded as ${charset})${replaced ? '; replaced the Authorization header set on the request' : ''}.`);
    return Promise.resolve(out);
  },
};
