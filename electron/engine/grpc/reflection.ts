import type { Client, Metadata, ServiceError } from '@grpc/grpc-js';
import protobuf from 'protobufjs';
// The file, not the folder: Node's ESM loader (the built CLI) refuses a directory import.
import * as descriptorModule from 'protobufjs/ext/descriptor/index.js';
import { KeyholeError } from '../../../shared/errors';
import { grpcStatusName } from '../../../shared/model';

/**
 * The messages of grpc.reflection.v1 (reflection.proto), which v1alpha shares field for field: only
 * the service's path differs. Declared here rather than read from a .proto at run time, so the CLI
 * bundle carries no data file.
 */
const SCHEMA = protobuf.Root.fromJSON({
  nested: {
    r: {
      nested: {
        ServerReflectionRequest: {
          oneofs: { message_request: { oneof: ['file_by_filename', 'file_containing_symbol', 'list_services'] } },
          fields: { host: { type: 'string', id: 1 }, file_by_filename: { type: 'string', id: 3 }, file_containing_symbol: { type: 'string', id: 4 }, list_services: { type: 'string', id: 7 } },
        },
        ServerReflectionResponse: {
          fields: {
            valid_host: { type: 'string', id: 1 },
            file_descriptor_response: { type: 'FileDescriptorResponse', id: 4 },
            list_services_response: { type: 'ListServiceResponse', id: 6 },
            error_response: { type: 'ErrorResponse', id: 7 },
          },
        },
        FileDescriptorResponse: { fields: { file_descriptor_proto: { rule: 'repeated', type: 'bytes', id: 1 } } },
        ListServiceResponse: { fields: { service: { rule: 'repeated', type: 'ServiceResponse', id: 1 } } },
        ServiceResponse: { fields: { name: { type: 'string', id: 1 } } },
        ErrorResponse: { fields: { error_code: { type: 'int32', id: 1 }, error_message: { type: 'string', id: 2 } } },
      },
    },
  },
});
// A CommonJS module whose exports are a namespace object's properties: Node's ESM loader sees only
// its default export, bundlers and vitest see both.
const descriptor = (descriptorModule as unknown as { default?: typeof descriptorModule }).default ?? descriptorModule;

const RequestType = SCHEMA.lookupType('r.ServerReflectionRequest');
const ResponseType = SCHEMA.lookupType('r.ServerReflectionResponse');

interface ReflectionResponse {
  file_descriptor_response?: { file_descriptor_proto?: Uint8Array[] };
  list_services_response?: { service?: { name: string }[] };
  error_response?: { error_code?: number; error_message?: string };
}

export interface Reflected {
  root: protobuf.Root;
  /** Services the server lists, its reflection service left out. */
  services: string[];
  files: string[];
  version: 'v1' | 'v1alpha';
}

const PATHS = {
  v1: '/grpc.reflection.v1.ServerReflection/ServerReflectionInfo',
  v1alpha: '/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo',
} as const;

/**
 * Asks a server's reflection service for its services and their file descriptors (and the files
 * they import, transitively), over one ServerReflectionInfo stream: grpc.reflection.v1 first, then
 * v1alpha when the server does not implement v1 (older grpc-go, grpc-java and Node servers).
 * Refusals (UNAUTHENTICATED, PERMISSION_DENIED) keep their gRPC status in `details.grpcStatus`.
 */
export async function reflect(client: Client, metadata: Metadata, deadline: () => Date | number, where: string): Promise<Reflected> {
  try {
    return await reflectWith(client, 'v1', metadata, deadline);
  } catch (e) {
    if ((e as ServiceError).code !== 12) throw reflectionError(e, where);
  }
  try {
    return await reflectWith(client, 'v1alpha', metadata, deadline);
  } catch (e) {
    throw reflectionError(e, where);
  }
}

async function reflectWith(client: Client, version: 'v1' | 'v1alpha', metadata: Metadata, deadline: () => Date | number): Promise<Reflected> {
  const stream = new ReflectionStream(client, PATHS[version], metadata, deadline());
  try {
    const listed = await stream.ask({ list_services: '' });
    const services = (listed.list_services_response?.service ?? []).map((s) => s.name).filter((n) => !n.startsWith('grpc.reflection.'));
    const files = new Map<string, descriptorModule.IFileDescriptorProto>();
    const pending: string[] = [];
    const take = (r: ReflectionResponse): void => {
      for (const bytes of r.file_descriptor_response?.file_descriptor_proto ?? []) {
        const file = descriptor.FileDescriptorProto.decode(bytes) as unknown as descriptorModule.IFileDescriptorProto;
        if (!file.name || files.has(file.name)) continue;
        files.set(file.name, file);
        pending.push(...(file.dependency ?? []));
      }
    };
    for (const name of services) take(await stream.ask({ file_containing_symbol: name }));
    while (pending.length > 0) {
      const dep = pending.shift() as string;
      if (!files.has(dep)) take(await stream.ask({ file_by_filename: dep }));
    }
    const set = descriptor.FileDescriptorSet.fromObject({ file: [...files.values()] });
    const root = (protobuf.Root as unknown as { fromDescriptor(d: unknown): protobuf.Root }).fromDescriptor(set);
    restoreMaps(root);
    root.resolveAll();
    return { root, services, files: [...files.keys()], version };
  } finally {
    stream.close();
  }
}

/**
 * protobufjs reads a descriptor's `map<K, V>` field as the repeated entry message the descriptor
 * holds for it (and loses the entry's map_entry option), so its JSON would be a list of {key,
 * value}. Each repeated field whose type is such a nested entry of exactly `key = 1` and
 * `value = 2` becomes the map field it was declared as: reflection and .proto files give the same JSON.
 */
function restoreMaps(ns: protobuf.NamespaceBase): void {
  for (const child of ns.nestedArray) {
    if (child instanceof protobuf.Type) {
      for (const f of [...child.fieldsArray]) {
        if (!f.repeated) continue;
        const entry = child.nested?.[f.type.split('.').pop() ?? ''];
        // protoc names it FieldNameEntry; protobufjs-made descriptors (@grpc/reflection's) FieldName.
        const named = entry?.name.endsWith('Entry') || entry?.name.toLowerCase() === f.name.replace(/_/g, '').toLowerCase();
        if (!(entry instanceof protobuf.Type) || !named) continue;
        const [key, value, ...rest] = entry.fieldsArray;
        if (rest.length > 0 || key?.name !== 'key' || key.id !== 1 || value?.name !== 'value' || value.id !== 2) continue;
        child.remove(f);
        child.add(new protobuf.MapField(f.name, f.id, key.type, value.type));
        child.remove(entry);
      }
    }
    if (child instanceof protobuf.Namespace || child instanceof protobuf.Type) restoreMaps(child);
  }
}

/** One ServerReflectionInfo call: requests go out one at a time, each answered in order. */
class ReflectionStream {
  private readonly call;
  private readonly waiting: { resolve: (r: ReflectionResponse) => void; reject: (e: unknown) => void }[] = [];
  private failure: unknown;

  constructor(client: Client, path: string, metadata: Metadata, deadline: Date | number) {
    this.call = client.makeBidiStreamRequest(path, (b: Buffer) => b, (b: Buffer) => b, metadata, { deadline });
    this.call.on('data', (buf: Buffer) => {
      const r = ResponseType.toObject(ResponseType.decode(buf), { defaults: false }) as ReflectionResponse;
      const w = this.waiting.shift();
      if (!w) return;
      if (r.error_response) w.reject(Object.assign(new Error(r.error_response.error_message ?? 'reflection error'), { code: r.error_response.error_code ?? 2, details: r.error_response.error_message ?? '' }));
      else w.resolve(r);
    });
    this.call.on('error', (e: unknown) => this.fail(e));
    this.call.on('end', () => this.fail(Object.assign(new Error('the reflection stream ended before answering'), { code: 2, details: 'the reflection stream ended before answering' })));
  }

  ask(req: Record<string, string>): Promise<ReflectionResponse> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.call.write(Buffer.from(RequestType.encode(RequestType.fromObject(req)).finish()));
    });
  }

  close(): void {
    this.call.end();
    this.call.cancel();
  }

  private fail(e: unknown): void {
    this.failure ??= e;
    for (const w of this.waiting.splice(0)) w.reject(this.failure);
  }
}

function reflectionError(e: unknown, where: string): KeyholeError {
  if (e instanceof KeyholeError) return e;
  const se = e as Partial<ServiceError>;
  const code = typeof se.code === 'number' ? se.code : 2;
  const details = se.details ?? (e as Error).message ?? '';
  const hint = code === 12
    ? 'The server has no reflection service (grpc.reflection.v1 or v1alpha): load the definitions from .proto files instead.'
    : code === 16 || code === 7
      ? 'The reflection service refused the request: it takes the same metadata and auth as the call; check the auth profile, or load the definitions from .proto files.'
      : code === 14 ? 'Check the host and port, and whether the server speaks TLS (grpcs://) or plaintext (grpc://).'
        : 'Load the definitions from .proto files if the server cannot describe itself.';
  return new KeyholeError(code === 14 ? 'network' : code === 4 ? 'timeout' : 'invalid-input', `Server reflection of ${where} failed: ${code} ${grpcStatusName(code)}${details ? `: ${details}` : ''}`, {
    hint, details: { grpcStatus: code },
  });
}
