import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { importPKCS8 } from 'jose';
import * as oauth from 'oauth4webapi';
import type { AuthContext } from '../types';
import { configError } from './failure';
import type { OAuth2 } from './oauth2-types';

const SIGNING_ALGS = new Set(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA']);

/**
 * The client authentication method of the profile (RFC 6749 §2.3.1, OIDC Core §9). Checks that the
 * secret or key it needs is there and usable before any request is built, so nothing is sent with
 * half-built credentials.
 */
export async function clientAuthFor(auth: OAuth2, ctx: AuthContext): Promise<oauth.ClientAuth> {
  switch (auth.clientAuth) {
    case 'none':
      return oauth.None();
    case 'client_secret_basic':
    case 'client_secret_post': {
      if (!auth.clientSecret) {
        throw configError(ctx, 'clientSecret', `is missing, and clientAuth "${auth.clientAuth}" needs it`,
          'Set the client secret for this environment (it is kept in the secret store), or use clientAuth "none" for a public client.');
      }
      return auth.clientAuth === 'client_secret_basic' ? oauth.ClientSecretBasic(auth.clientSecret) : oauth.ClientSecretPost(auth.clientSecret);
    }
    case 'private_key_jwt': {
      const key = await privateKeyFor(auth, ctx);
      return oauth.PrivateKeyJwt(key);
    }
  }
}

async function privateKeyFor(auth: OAuth2, ctx: AuthContext): Promise<CryptoKey> {
  if (!auth.privateKey) {
    throw configError(ctx, 'privateKey', 'is missing, and clientAuth "private_key_jwt" needs it',
      'Paste the PEM private key (or a path to a .pem file) registered with the authorization server.');
  }
  const pem = await pemText(auth.privateKey, ctx);
  let keyObject: KeyObject;
  try {
    keyObject = createPrivateKey(pem);
  } catch (e) {
    throw configError(ctx, 'privateKey', `does not parse as a PEM private key (${e instanceof Error ? e.message : String(e)})`,
      'Use a PKCS#8 ("BEGIN PRIVATE KEY"), PKCS#1 ("BEGIN RSA PRIVATE KEY") or SEC1 ("BEGIN EC PRIVATE KEY") PEM.');
  }
  const alg = auth.privateKeyAlg ?? defaultAlg(keyObject);
  if (!alg || !SIGNING_ALGS.has(alg)) {
    throw configError(ctx, 'privateKeyAlg', `"${alg ?? keyObject.asymmetricKeyType ?? 'unknown'}" is not a supported signing algorithm`,
      `Use one of ${[...SIGNING_ALGS].join(', ')}, matching the key type.`);
  }
  const pkcs8 = keyObject.export({ type: 'pkcs8', format: 'pem' }).toString();
  try {
    return await importPKCS8(pkcs8, alg);
  } catch (e) {
    throw configError(ctx, 'privateKeyAlg', `"${alg}" does not fit the ${keyObject.asymmetricKeyType ?? ''} private key (${e instanceof Error ? e.message : String(e)})`,
      'Pick an algorithm of the key\'s family: RS*/PS* for RSA, ES256/384/512 for P-256/384/521, EdDSA for Ed25519.');
  }
}

/** A PEM given inline, or a path to a PEM file (relative to the collection folder). */
async function pemText(value: string, ctx: AuthContext): Promise<string> {
  if (value.includes('-----BEGIN')) return value;
  const path = isAbsolute(value) ? value : resolve(ctx.baseDir ?? process.cwd(), value);
  try {
    return await readFile(path, 'utf8');
  } catch {
    throw configError(ctx, 'privateKey', 'is neither a PEM key nor a readable key file',
      'Paste the PEM text ("-----BEGIN PRIVATE KEY-----...") or give the path of a .pem file.');
  }
}

function defaultAlg(key: KeyObject): string | undefined {
  switch (key.asymmetricKeyType) {
    case 'rsa': return 'RS256';
    case 'rsa-pss': return 'PS256';
    case 'ed25519': return 'EdDSA';
    case 'ec': {
      const curve = key.asymmetricKeyDetails?.namedCurve;
      return curve === 'secp384r1' ? 'ES384' : curve === 'secp521r1' ? 'ES512' : 'ES256';
    }
    default: return undefined;
  }
}
