import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../../electron/bridge';
import { importText, writeImport } from '../../../electron/engine/importers';
import { openSession } from '../../../electron/engine/session';
import { loadCollection } from '../../../electron/engine/workspace';
import { isGrpcRequest } from '../../../shared/model';
import { GRPC_PROTO_DIR, startGrpcServer, type GrpcTestServer } from '../../servers/grpc';

let server: GrpcTestServer;
beforeAll(async () => { server = await startGrpcServer(); });
afterAll(async () => { await server.close(); });

const protoText = (path: string): string => readFileSync(join(GRPC_PROTO_DIR, path), 'utf8');

/** An Insomnia v4 export as Insomnia writes one: proto files in nested proto directories, gRPC requests pointing at one. */
function insomniaExport(host: string): string {
  return JSON.stringify({
    _type: 'export', __export_format: 4, __export_source: 'insomnia.desktop.app:v2023.5.8',
    resources: [
      { _id: 'wrk_1', _type: 'workspace', parentId: null, name: 'Greeter' },
      { _id: 'env_1', _type: 'environment', parentId: 'wrk_1', name: 'Base Environment', data: { host, who: 'insomnia' } },
      { _id: 'pd_root', _type: 'proto_directory', parentId: 'wrk_1', name: 'api' },
      { _id: 'pd_k', _type: 'proto_directory', parentId: 'pd_root', name: 'keyhole' },
      { _id: 'pd_g', _type: 'proto_directory', parentId: 'pd_k', name: 'greeter' },
      { _id: 'pd_gv', _type: 'proto_directory', parentId: 'pd_g', name: 'v1' },
      { _id: 'pd_c', _type: 'proto_directory', parentId: 'pd_k', name: 'common' },
      { _id: 'pd_cv', _type: 'proto_directory', parentId: 'pd_c', name: 'v1' },
      { _id: 'pf_greeter', _type: 'proto_file', parentId: 'pd_gv', name: 'greeter.proto', protoText: protoText('keyhole/greeter/v1/greeter.proto') },
      { _id: 'pf_types', _type: 'proto_file', parentId: 'pd_cv', name: 'types.proto', protoText: protoText('keyhole/common/v1/types.proto') },
      { _id: 'fld_1', _type: 'request_group', parentId: 'wrk_1', name: 'Calls', metaSortKey: 1 },
      {
        _id: 'greq_1', _type: 'grpc_request', parentId: 'fld_1', name: 'Say hello', metaSortKey: 1, url: '{{ _.host }}', protoFileId: 'pf_greeter',
        protoMethodName: '/keyhole.greeter.v1.Greeter/SayHello', body: { text: '{"name": "{{ _.who }}"}' }, metadata: [{ name: 'x-trace', value: 'from-insomnia' }, { name: 'x-off', value: '1', disabled: true }],
      },
      { _id: 'greq_2', _type: 'grpc_request', parentId: 'wrk_1', name: 'Reflected', metaSortKey: 2, url: '{{ _.host }}', protoFileId: 'pf_gone', protoMethodName: '/keyhole.greeter.v1.Greeter/Count', body: { text: '{"n": 2}' } },
    ],
  });
}

describe('Insomnia gRPC requests', () => {
  it('become gRPC request files, their proto directory written into the collection, and call the server', async () => {
    const result = await importText(insomniaExport(server.address), { file: 'greeter.insomnia.json' });
    expect(result.files?.map((f) => f.path).sort()).toEqual(['protos/api/keyhole/common/v1/types.proto', 'protos/api/keyhole/greeter/v1/greeter.proto']);
    expect(result.report.notCarried.map((n) => n.message)).toContainEqual(expect.stringContaining('proto file pf_gone is not in the export'));
    const out = mkdtempSync(join(tmpdir(), 'keyhole-ins-grpc-'));
    await writeImport(result, out, new MemorySecretStore());
    expect(readFileSync(join(out, 'protos/api/keyhole/common/v1/types.proto'), 'utf8')).toBe(protoText('keyhole/common/v1/types.proto'));

    const loaded = await loadCollection(out, { settleMs: 0 });
    expect(loaded.problems).toEqual([]);
    const folder = loaded.collection.items.find((i) => i.kind === 'folder');
    const hello = folder?.kind === 'folder' ? folder.items[0] : undefined;
    expect(hello).toMatchObject({
      kind: 'grpc', name: 'Say hello', url: 'grpc://{{host}}', rpc: 'keyhole.greeter.v1.Greeter/SayHello',
      proto: { type: 'files', files: ['protos/api/keyhole/greeter/v1/greeter.proto'], importPaths: ['protos/api'] },
      messages: [{ text: '{"name": "{{who}}"}' }],
    });
    const s = await openSession({ collectionDir: out, secrets: new MemorySecretStore(), tempDir: mkdtempSync(join(tmpdir(), 'keyhole-ins-grpc-t-')), env: {} });
    if (!isGrpcRequest(hello) || folder?.kind !== 'folder') throw new Error('not imported as gRPC');
    const sent = await s.send(hello, [folder]);
    expect(sent.exchange.grpc?.status?.code).toBe(0);
    expect(sent.exchange.stream?.messages.filter((m) => m.direction === 'in' && m.type === 'message').map((m) => m.data)).toEqual(['{"message":"Hello insomnia","mood":"MOOD_UNSPECIFIED"}']);
    expect(server.calls.at(-1)?.metadata).toMatchObject({ 'x-trace': 'from-insomnia' });
    expect(server.calls.at(-1)?.metadata['x-off']).toBeUndefined();

    // A request whose proto file the export lacks falls back to server reflection, and still calls.
    const reflected = loaded.collection.items.find((i) => i.name === 'Reflected');
    expect(reflected).toMatchObject({ kind: 'grpc', proto: { type: 'reflection' } });
    if (!isGrpcRequest(reflected)) throw new Error('not imported as gRPC');
    const counted = await s.send(reflected);
    expect(counted.exchange.stream?.messages.filter((m) => m.direction === 'in' && m.type === 'message')).toHaveLength(2);
  });
});
