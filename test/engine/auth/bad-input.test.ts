import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendWithAuth } from '../../../electron/engine/auth';
import { isKeyholeError } from '../../../shared/errors';
import type { ConcreteAuth } from '../../../shared/model';
import { startHttpServer, type HttpTestServer } from '../../servers/http';
import { makeCtx, prepared } from './helpers';

let server: HttpTestServer;
beforeAll(async () => { server = await startHttpServer((_req, res) => { res.end('ok'); }); });
afterAll(async () => { await server.close(); });

const cases: { name: string; auth: ConcreteAuth; field: string }[] = [
  { name: 'Bearer with an empty token', auth: { type: 'bearer', token: '  ', prefix: 'Bearer' }, field: 'token' },
  { name: 'API key with an empty value', auth: { type: 'apikey', key: 'X-Key', value: '', in: 'header' }, field: 'value' },
  { name: 'Basic user-id with a colon', auth: { type: 'basic', username: 'a:b', password: 'p', charset: 'utf-8' }, field: 'username' },
  { name: 'Digest with an empty password', auth: { type: 'digest', username: 'u', password: '' }, field: 'password' },
  { name: 'Digest with an unknown algorithm', auth: { type: 'digest', username: 'u', password: 'p', algorithm: 'SHA-1' as 'MD5' }, field: 'algorithm' },
  { name: 'JWT with an unknown algorithm', auth: { type: 'jwt', algorithm: 'HS999' as 'HS256', secret: 's', claims: {}, header: {}, lifetimeSeconds: 60, prefix: 'Bearer', in: 'header', queryParam: 'token' }, field: 'algorithm' },
  { name: 'JWT RS256 with a key that does not parse', auth: { type: 'jwt', algorithm: 'RS256', secret: '-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----', claims: {}, header: {}, lifetimeSeconds: 60, prefix: 'Bearer', in: 'header', queryParam: 'token' }, field: 'secret' },
  { name: 'JWT with an empty secret', auth: { type: 'jwt', algorithm: 'HS256', secret: '', claims: {}, header: {}, lifetimeSeconds: 60, prefix: 'Bearer', in: 'header', queryParam: 'token' }, field: 'secret' },
  { name: 'AWS SigV4 with an empty secret key', auth: { type: 'awsv4', accessKeyId: 'AKID', secretAccessKey: '', region: 'us-east-1', service: 's3', signQuery: false, unsignedPayload: false }, field: 'secretAccessKey' },
  { name: 'OAuth 1.0a with an unknown signature method', auth: { type: 'oauth1', signatureMethod: 'HMAC-MD5' as 'HMAC-SHA1', consumerKey: 'ck', consumerSecret: 'cs', includeBodyHash: false }, field: 'signatureMethod' },
  { name: 'OAuth 1.0a RSA-SHA1 with a key that does not parse', auth: { type: 'oauth1', signatureMethod: 'RSA-SHA1', consumerKey: 'ck', consumerSecret: '', privateKey: 'garbage', includeBodyHash: false }, field: 'privateKey' },
  { name: 'OAuth 1.0a with an empty consumer secret', auth: { type: 'oauth1', signatureMethod: 'HMAC-SHA1', consumerKey: 'ck', consumerSecret: '', includeBodyHash: false }, field: 'consumerSecret' },
  { name: 'Client certificate with a missing file', auth: { type: 'clientcert', certFile: '/nonexistent/keyhole/client.pem', keyFile: '/nonexistent/keyhole/key.pem' }, field: 'certFile' },
];

describe('bad auth input: an auth-config error naming profile and field, and nothing sent', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const before = server.requests.length;
      const ctx = makeCtx({ profile: 'Partner app', environment: 'production' });
      const err = await sendWithAuth(c.auth, prepared(`${server.url}/`), ctx).then(() => undefined, (e: unknown) => e);
      expect(isKeyholeError(err)).toBe(true);
      if (!isKeyholeError(err)) return;
      expect(err.code).toBe('auth-config');
      expect(err.message).toContain('"Partner app"');
      expect(err.message).toContain(`"${c.field}"`);
      expect(err.details).toMatchObject({ profile: 'Partner app', field: c.field });
      expect(err.hint).toBeTruthy();
      expect(server.requests.length).toBe(before);
    });
  }
});
