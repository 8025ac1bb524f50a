import type { z } from 'zod';
import type { ApiKeyAuth } from '../../../shared/model';
import { maskSecret } from '../../../shared/mask';
import { authConfigError, requireField } from './config-error';
import { addCookie, addCredentialQuery, setCredentialHeader } from './request-edit';
import type { AuthScheme } from './types';

type ApiKey = z.infer<typeof ApiKeyAuth>;

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** A raw API key in a header (any name, optional prefix), a query parameter, or a cookie. */
export const apiKeyScheme: AuthScheme<ApiKey> = {
  type: 'apikey',
  label: 'API key',
  apply(auth, req, ctx) {
    const key = requireField(ctx, 'API key', 'key', auth.key);
    const value = requireField(ctx, 'API key', 'value', auth.value);
    const where = auth.in ?? 'header';
    if (where === 'header') {
      if (!TOKEN.test(key)) throw authConfigError(ctx, 'API key', 'key', `"${key}" is not a valid header name`, 'A header name is letters, digits and !#$%&\'*+-.^_`|~ only.');
      const full = auth.prefix ? `${auth.prefix} ${value}` : value;
      ctx.log(`API key: sent header ${key}: ${auth.prefix ? `${auth.prefix} ` : ''}${maskSecret(value)}.`);
      return Promise.resolve(setCredentialHeader(req, key, full));
    }
    if (where === 'query') {
      ctx.log(`API key: added query parameter ${key}=${maskSecret(value)}.`);
      return Promise.resolve(addCredentialQuery(req, key, value));
    }
    if (!TOKEN.test(key) || /[;,\s"\\]/.test(value)) {
      throw authConfigError(ctx, 'API key', /[;,\s"\\]/.test(value) ? 'value' : 'key', 'cannot be sent in a cookie (RFC 6265 §4.1.1 forbids ; , space, quotes and backslashes)', 'Send the key in a header or the query instead.');
    }
    ctx.log(`API key: added cookie ${key}=${maskSecret(value)} to the Cookie header.`);
    return Promise.resolve(addCookie(req, key, value));
  },
};
