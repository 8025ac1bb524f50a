import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Collection, GrpcRequest } from '../../../shared/model';
import { openSession, type Session } from '../../../electron/engine/session';
import type { SecretStore } from '../../../electron/engine/secrets';
import { startGrpcServer, type GrpcTestServer } from '../../servers/grpc';

const noSecrets: SecretStore = { get: async () => undefined, set: async () => {}, delete: async () => {}, describe: () => 'set it' };
const temp = (): string => mkdtempSync(join(tmpdir(), 'keyhole-grpc-refl-'));

let alphaOnly: GrpcTestServer;
let without: GrpcTestServer;
beforeAll(async () => {
  alphaOnly = await startGrpcServer({ reflection: 'v1alpha' });
  without = await startGrpcServer({ reflection: 'none' });
});
afterAll(async () => { await alphaOnly.close(); await without.close(); });

function session(url: string): Promise<Session> {
  return openSession({ collection: Collection.parse({ name: 'grpc', variables: [{ key: 'server', value: url }] }), collectionDir: temp(), secrets: noSecrets, tempDir: temp(), env: {} });
}
const reflected = (over: Partial<Parameters<typeof GrpcRequest.parse>[0]> = {}): GrpcRequest =>
  GrpcRequest.parse({ kind: 'grpc', name: 'Call', url: '{{server}}', proto: { type: 'reflection' }, ...(over as object) });

describe('server reflection versions', () => {
  it('falls back to v1alpha on a server that offers only it: services listed, a template built, the call made, and a warning that says so', async () => {
    const s = await session(alphaOnly.url);
    const d = await s.grpc.describe(reflected());
    expect(d.source).toBe('reflection');
    expect(d.services.map((x) => x.name)).toEqual(['keyhole.greeter.v1.Greeter']);
    expect(d.warnings?.join(' ')).toMatch(/v1alpha/);
    const t = await s.grpc.template(reflected({ rpc: 'keyhole.greeter.v1.Greeter/SayHello' }));
    expect(JSON.parse(t.text)).toHaveProperty('name');
    const sent = await s.send(reflected({ rpc: 'keyhole.greeter.v1.Greeter/SayHello', messages: [{ name: 'm', text: '{"name":"alpha"}' }] }));
    expect(sent.exchange.grpc?.status?.name).toBe('OK');
    expect(JSON.stringify(sent.masked.stream?.messages)).toContain('Hello alpha');
    await s.close();
  });

  it('names both versions and the way out when the server has no reflection at all', async () => {
    const s = await session(without.url);
    await expect(s.grpc.describe(reflected())).rejects.toMatchObject({
      message: expect.stringContaining('UNIMPLEMENTED'), hint: expect.stringMatching(/grpc\.reflection\.v1 or v1alpha.*\.proto files/),
    });
    await s.close();
  });
});
