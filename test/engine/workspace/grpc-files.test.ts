import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Collection, GrpcRequest } from '../../../shared/model';
import { loadCollection, saveCollection, saveRequest } from '../../../electron/engine/workspace';

const dir = (): string => mkdtempSync(join(tmpdir(), 'keyhole-grpcfiles-'));

describe('gRPC request files', () => {
  it('are readable YAML that starts with kind: grpc and round-trip through save and load', async () => {
    const d = dir();
    const call = GrpcRequest.parse({
      kind: 'grpc', name: 'Say hello', url: 'grpc://{{host}}:50051', id: 'grpc-hello-1', rpc: 'keyhole.greeter.v1.Greeter/SayHello',
      proto: { type: 'files', files: ['protos/greeter.proto'], importPaths: ['protos'] },
      headers: [{ key: 'x-trace', value: '{{trace}}' }], auth: { type: 'profile', profile: 'Admin' },
      messages: [{ name: 'hello', text: '{"name":"{{user}}"}' }], deadlineMs: 2000,
      scripts: { test: 'pm.test("ok", () => pm.expect(pm.response.grpc.status.code).to.equal(0));' },
    });
    await saveCollection(d, Collection.parse({ name: 'Calls', items: [call] }));
    const text = readFileSync(join(d, 'say-hello.request.yaml'), 'utf8');
    expect(text.split('\n')[0]).toBe('kind: grpc');
    expect(text).toContain('rpc: keyhole.greeter.v1.Greeter/SayHello');
    expect(text).not.toMatch(/^method:|^body:|^query:/m);
    const loaded = await loadCollection(d, { settleMs: 0 });
    expect(loaded.problems).toEqual([]);
    expect(loaded.warnings).toEqual([]);
    expect(loaded.collection.items).toEqual([call]);
  });

  it('report a malformed gRPC file naming the file, line and field, and load the rest', async () => {
    const d = dir();
    writeFileSync(join(d, 'collection.yaml'), 'keyhole: 1\nname: Bad\n');
    writeFileSync(join(d, 'call.request.yaml'), 'kind: grpc\nname: Call\nurl: grpc://x.test:1\nrpc: not a method\n');
    writeFileSync(join(d, 'ok.request.yaml'), 'name: Ok\nmethod: GET\nurl: https://x.test/\n');
    const loaded = await loadCollection(d, { settleMs: 0 });
    expect(loaded.collection.items.map((i) => i.name)).toEqual(['Ok']);
    expect(loaded.problems[0]?.message).toMatch(/call\.request\.yaml:4: field "rpc"/);
  });

  it('save one gRPC request by itself (Ctrl+S), keeping its kind', async () => {
    const d = dir();
    await saveCollection(d, Collection.parse({ name: 'S' }));
    const call = GrpcRequest.parse({ kind: 'grpc', name: 'Live', url: 'grpc://127.0.0.1:1', id: 'live-1' });
    await saveRequest(d, ['Live'], { ...call, rpc: 'a.B/C' });
    const loaded = await loadCollection(d, { settleMs: 0 });
    expect(loaded.collection.items).toEqual([{ ...call, rpc: 'a.B/C' }]);
  });
});
