import type { Auth } from '../../../shared/model';
import type { ReportNotes } from '../../../shared/importers/report';

export type PostmanAuth = { type: string } & Record<string, unknown>;

const kv = (params: Record<string, unknown>): { key: string; value: unknown; type: string }[] =>
  Object.entries(params).filter(([, v]) => v !== undefined).map(([key, value]) => ({ key, value, type: typeof value === 'boolean' ? 'boolean' : 'string' }));

const block = (type: string, params: Record<string, unknown>): PostmanAuth => ({ type, [type]: kv(params) });

/**
 * Keyhole auth → a Postman v2.1 auth block (parameters as key/value lists). Profile auth is
 * resolved by the caller; what Postman cannot express (client certificates, device-code grant)
 * becomes noauth with a note. Returns undefined for inherit (Postman inherits when auth is absent).
 */
export function toPostmanAuth(auth: Auth, place: string, notes: ReportNotes): PostmanAuth | undefined {
  switch (auth.type) {
    case 'inherit': return undefined;
    case 'none': return { type: 'noauth' };
    case 'profile': return { type: 'noauth' };
    case 'basic': return block('basic', { username: auth.username, password: auth.password });
    case 'bearer':
      if (auth.prefix !== 'Bearer') notes.add(place, 'auth', `token prefix "${auth.prefix}" is not carried by Postman bearer auth`);
      return block('bearer', { token: auth.token });
    case 'apikey':
      if (auth.in === 'cookie' || auth.prefix) notes.add(place, 'auth', 'API key in a cookie or with a prefix is exported as a header/query key without it');
      return block('apikey', { key: auth.key, value: auth.value, in: auth.in === 'query' ? 'query' : 'header' });
    case 'digest': return block('digest', { username: auth.username, password: auth.password, ...(auth.algorithm ? { algorithm: auth.algorithm } : {}) });
    case 'oauth1':
      return block('oauth1', {
        consumerKey: auth.consumerKey, consumerSecret: auth.consumerSecret, token: auth.token, tokenSecret: auth.tokenSecret,
        signatureMethod: auth.signatureMethod, privateKey: auth.privateKey, realm: auth.realm, includeBodyHash: auth.includeBodyHash, addParamsToHeader: true,
      });
    case 'oauth2': {
      const grant = auth.grant === 'password' ? 'password_credentials' : auth.grant === 'authorization_code' ? (auth.usePkce ? 'authorization_code_with_pkce' : 'authorization_code') : auth.grant === 'client_credentials' ? 'client_credentials' : undefined;
      if (!grant) notes.add(place, 'auth', `OAuth 2.0 grant ${auth.grant} has no Postman equivalent; exported as authorization_code`);
      return block('oauth2', {
        grant_type: grant ?? 'authorization_code', accessTokenUrl: auth.tokenUrl ?? (auth.issuer ? `${auth.issuer.replace(/\/$/, '')}/token` : undefined),
        authUrl: auth.authorizationUrl, clientId: auth.clientId, clientSecret: auth.clientSecret, username: auth.username, password: auth.password,
        refreshToken: auth.refreshToken, scope: auth.scope, audience: auth.audience, resource: auth.resource, redirect_uri: auth.redirectUri,
        client_authentication: auth.clientAuth === 'client_secret_post' ? 'body' : 'header', headerPrefix: auth.tokenPrefix, addTokenTo: 'header',
      });
    }
    case 'awsv4':
      return block('awsv4', {
        accessKey: auth.accessKeyId, secretKey: auth.secretAccessKey, sessionToken: auth.sessionToken, region: auth.region, service: auth.service,
        addAuthDataToQuery: auth.signQuery,
      });
    case 'jwt':
      if (auth.algorithm === 'EdDSA') {
        notes.add(place, 'auth', 'JWT auth with EdDSA cannot be signed by Postman (it supports HS, RS, PS and ES algorithms); exported as no auth');
        return { type: 'noauth' };
      }
      // Postman and newman 6 run "jwt" auth, and Postman's own exports write it this way, but the
      // v2.1.0 schema's auth enum predates it: say so rather than drop a block peers can run.
      notes.add(place, 'auth', `JWT auth is exported as Postman writes it (type "jwt"); the Collection v2.1.0 JSON schema predates that type, so a strict schema validator rejects this block. Postman signs the payload as written: the iat/exp Keyhole adds (lifetime ${auth.lifetimeSeconds} s) are not carried`);
      return block('jwt', {
        algorithm: auth.algorithm, ...(auth.algorithm.startsWith('HS') ? { secret: auth.secret } : { privateKey: auth.secret }),
        payload: JSON.stringify(auth.claims), header: JSON.stringify(auth.header), addTokenTo: auth.in === 'query' ? 'queryParam' : 'header',
        headerPrefix: auth.prefix, queryParamKey: auth.queryParam, isSecretBase64Encoded: false,
      });
    case 'clientcert':
      notes.add(place, 'auth', 'client certificate auth has no Postman auth block (Postman keeps certificates in its settings); exported as no auth');
      return { type: 'noauth' };
  }
}
