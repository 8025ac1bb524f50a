import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Collection, GrpcRequest } from '../../../shared/model';
import { openSession } from '../../../electron/engine/session';
import { MemorySecretStore } from '../../../electron/bridge';
import { API_SCOPE, startOAuthServer, type OAuthServer } from '../../servers/oauth-server';
import { startGrpcServer, type GrpcTestServer } from '../../servers/grpc';
import { SECRETS, testClients } from '../auth/oauth2/harness';

let as: OAuthServer;
let server: GrpcTestServer;
beforeAll(async () => {
  [as, server] = await Promise.all([startOAuthServer({ clients: testClients(), accessTokenTtl: 120 }), startGrpcServer()]);
});
afterAll(async () => { await Promise.all([as.close(), server.close()]); });

it('fetches an OAuth 2.0 token with the engine\'s token fetch, sends it in the metadata, reuses it, and masks it', async () => {
  const collection = Collection.parse({ name: 'grpc-oauth', settings: { proxy: { mode: 'none' } } });
  const s = await openSession({ collection, secrets: new MemorySecretStore(), tempDir: mkdtempSync(join(tmpdir(), 'keyhole-grpc-oauth-')), env: {} });
  const request = GrpcRequest.parse({
    kind: 'grpc', name: 'Metadata', url: server.url, rpc: 'keyhole.greeter.v1.Greeter/Metadata', proto: { type: 'reflection' },
    auth: { type: 'oauth2', grant: 'client_credentials', clientId: 'svc-basic', clientSecret: SECRETS.basic, tokenUrl: `${as.issuer}/token`, scope: API_SCOPE },
  });
  const first = await s.send(request);
  const sent = server.calls.at(-1)?.metadata.authorization ?? '';
  expect(sent).toMatch(/^Bearer \S{20,}$/);
  const token = sent.slice('Bearer '.length);
  expect(first.exchange.grpc?.status?.code).toBe(0);
  expect(JSON.stringify(first.masked)).not.toContain(token);
  await s.send(request);
  expect(server.calls.at(-1)?.metadata.authorization).toBe(sent);
  expect(as.tokenRequests.filter((g) => g === 'client_credentials')).toHaveLength(1);
});
