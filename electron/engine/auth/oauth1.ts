import { createPrivateKey, type KeyObject } from 'node:crypto';
import type { z } from 'zod';
import type { OAuth1Auth } from '../../../shared/model';
import { maskSecret, maskToken } from '../../../shared/mask';
import type { PreparedRequest } from '../http/types';
import { hashBody } from './body-hash';
import { authConfigError, requireField, requireOneOf } from './config-error';
import {
  OAUTH1_METHODS, authorizationHeader, bodyHashAlgorithm, oauth1Signature, parseForm, signatureBaseString,
  type OAuth1Method,
} from './oauth1-signature';
import { randomHex } from './random';
import { getHeader, setCredentialHeader } from './request-edit';
import type { AuthContext, AuthScheme } from './types';

type OAuth1 = z.infer<typeof OAuth1Auth>;

function contentType(req: PreparedRequest): string {
  const fromBody = req.body.kind === 'bytes' || req.body.kind === 'file' ? req.body.contentType : undefined;
  return (getHeader(req.headers, 'content-type') ?? fromBody ?? '').toLowerCase();
}

/** §3.4.1.3.1: body params count only for a single-part form-encoded body. */
function formParams(req: PreparedRequest): [string, string][] | undefined {
  if (req.body.kind !== 'bytes' || !contentType(req).startsWith('application/x-www-form-urlencoded')) return undefined;
  return parseForm(Buffer.from(req.body.data).toString('utf8'));
}

function rsaKey(pem: string, ctx: AuthContext): KeyObject {
  try {
    const key = createPrivateKey({ key: pem.trim(), format: 'pem' });
    if (key.asymmetricKeyType !== 'rsa') throw new Error(`a ${key.asymmetricKeyType ?? 'non-RSA'} key`);
    return key;
  } catch (e) {
    throw authConfigError(ctx, 'OAuth 1.0a', 'privateKey', 'is not an RSA private key in PEM that parses (RSA-SHA1 needs one)', 'Paste the whole PEM private key of the consumer.', e);
  }
}

export const oauth1Scheme: AuthScheme<OAuth1> = {
  type: 'oauth1',
  label: 'OAuth 1.0a',
  async apply(auth, req, ctx) {
    const method: OAuth1Method = requireOneOf(ctx, 'OAuth 1.0a', 'signatureMethod', auth.signatureMethod, OAUTH1_METHODS);
    const consumerKey = requireField(ctx, 'OAuth 1.0a', 'consumerKey', auth.consumerKey);
    const privateKey = method === 'RSA-SHA1' ? rsaKey(requireField(ctx, 'OAuth 1.0a', 'privateKey', auth.privateKey), ctx) : undefined;
    if (method !== 'RSA-SHA1') requireField(ctx, 'OAuth 1.0a', 'consumerSecret', auth.consumerSecret);
    if (auth.token && auth.tokenSecret === undefined && method !== 'RSA-SHA1') {
      throw authConfigError(ctx, 'OAuth 1.0a', 'tokenSecret', 'is missing while a token is set', 'Set the token secret that came with the access token.');
    }

    const params: Record<string, string> = {
      oauth_consumer_key: consumerKey,
      ...(auth.token ? { oauth_token: auth.token } : {}),
      oauth_signature_method: method,
      oauth_timestamp: String(Math.floor(ctx.now().getTime() / 1000)),
      oauth_nonce: randomHex(ctx, 16),
      oauth_version: '1.0',
    };
    const form = formParams(req);
    let bodyNote = form ? `form body parameters included in the signature` : 'no body parameters in the signature';
    if (!form && auth.includeBodyHash) {
      const h = await hashBody(req.body, bodyHashAlgorithm(method), req.baseDir);
      if (h) {
        params['oauth_body_hash'] = h.toString('base64');
        bodyNote = `oauth_body_hash (${bodyHashAlgorithm(method).toUpperCase()}) of the body included`;
      } else {
        bodyNote = 'a multipart body cannot be hashed before sending, so no oauth_body_hash';
      }
    }
    const baseString = signatureBaseString({ method: req.method, url: req.url, oauthParams: params, bodyParams: form });
    const signature = oauth1Signature({ method, baseString, consumerSecret: auth.consumerSecret ?? '', tokenSecret: auth.tokenSecret, privateKey });
    const header = authorizationHeader({ ...params, oauth_signature: signature }, auth.realm);
    ctx.log(`OAuth 1.0a: signed with ${method} for consumer ${consumerKey}${auth.token ? ` and token ${maskToken(auth.token)}` : ''}`
      + `${auth.realm ? `, realm "${auth.realm}"` : ''} (${bodyNote}; signature ${maskSecret(signature)}).`);
    return setCredentialHeader(req, 'Authorization', header);
  },
};
