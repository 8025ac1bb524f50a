import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { ReflectionV1AlphaImplementation } from '@grpc/reflection/build/src/implementations/reflection-v1alpha';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import type { TestPki } from './certs';

export const GRPC_PROTO_DIR = fileURLToPath(new URL('../fixtures/grpc/protos', import.meta.url));
export const GREETER_PROTO = 'keyhole/greeter/v1/greeter.proto';
/** The HS256 key the server verifies bearer JWTs with. */
export const GRPC_JWT_SECRET = 'grpc-test-secret-0123456789abcdef';

/** A bearer JWT the server accepts (UNAUTHENTICATED when expired, PERMISSION_DENIED without `admin`). */
export function grpcJwt(o: { scope: string; sub?: string; expiresInS?: number; now?: Date }): Promise<string> {
  const iat = Math.floor((o.now ?? new Date()).getTime() / 1000);
  return new SignJWT({ scope: o.scope })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(o.sub ?? 'alice')
    .setIssuedAt(iat)
    .setExpirationTime(iat + (o.expiresInS ?? 3600))
    .sign(new TextEncoder().encode(GRPC_JWT_SECRET));
}

export interface GrpcTestServer {
  /** grpc://127.0.0.1:port, or grpcs:// with TLS. */
  url: string;
  address: string;
  port: number;
  /** The metadata of every call the server received (method path, then key/value pairs). */
  calls: { path: string; metadata: Record<string, string> }[];
  close(): Promise<void>;
}

type Handler = grpc.UntypedServiceImplementation[string];

/**
 * A real @grpc/grpc-js server on 127.0.0.1:0 serving keyhole.greeter.v1.Greeter (greeter.proto,
 * which imports keyhole/common/v1/types.proto) with server reflection (v1 and v1alpha; `reflection`
 * narrows it to v1alpha or none). Plaintext by default; `tls` serves TLS with the test PKI's server certificate, and `mtls` also requires a
 * client certificate the CA signed.
 */
export async function startGrpcServer(o: { tls?: { pki: TestPki; mtls?: boolean }; reflection?: 'both' | 'v1alpha' | 'none' } = {}): Promise<GrpcTestServer> {
  const definition = protoLoader.loadSync(GREETER_PROTO, { includeDirs: [GRPC_PROTO_DIR], keepCase: true, longs: String, enums: String, defaults: true, oneofs: true });
  const pkg = grpc.loadPackageDefinition(definition) as unknown as { keyhole: { greeter: { v1: { Greeter: grpc.ServiceClientConstructor } } } };
  const server = new grpc.Server();
  const calls: GrpcTestServer['calls'] = [];
  const record = (call: { getPath(): string; metadata: grpc.Metadata }): void => {
    const metadata: Record<string, string> = {};
    for (const [k, v] of Object.entries(call.metadata.getMap())) metadata[k] = Buffer.isBuffer(v) ? v.toString('base64') : String(v);
    calls.push({ path: call.getPath(), metadata });
  };
  const fail = (code: grpc.status, details: string): grpc.ServiceError => Object.assign(new Error(details), { code, details, metadata: new grpc.Metadata() });

  const handlers: Record<string, Handler> = {
    SayHello: ((call: grpc.ServerUnaryCall<{ name: string; mood: string }, unknown>, cb: grpc.sendUnaryData<unknown>) => {
      record(call);
      cb(null, { message: `Hello ${call.request.name}`, mood: call.request.mood });
    }) as Handler,
    Count: ((call: grpc.ServerWritableStream<{ n: number }, unknown>) => {
      record(call);
      for (let i = 1; i <= call.request.n; i++) call.write({ i });
      call.end();
    }) as Handler,
    Sum: ((call: grpc.ServerReadableStream<{ value: number }, unknown>, cb: grpc.sendUnaryData<unknown>) => {
      record(call);
      let sum = 0;
      let count = 0;
      call.on('data', (m: { value: number }) => { sum += m.value; count += 1; });
      call.on('end', () => cb(null, { sum, count }));
    }) as Handler,
    Chat: ((call: grpc.ServerDuplexStream<{ text: string }, unknown>) => {
      record(call);
      call.on('data', (m: { text: string }) => call.write({ text: `echo: ${m.text}` }));
      call.on('end', () => call.end());
    }) as Handler,
    Whoami: ((call: grpc.ServerUnaryCall<unknown, unknown>, cb: grpc.sendUnaryData<unknown>) => {
      record(call);
      const auth = String(call.metadata.get('authorization')[0] ?? '');
      const token = /^Bearer\s+(.+)$/i.exec(auth)?.[1];
      if (!token) {
        cb(fail(grpc.status.UNAUTHENTICATED, 'missing bearer token'));
        return;
      }
      jwtVerify(token, new TextEncoder().encode(GRPC_JWT_SECRET)).then(({ payload }) => {
        const scopes = String(payload.scope ?? '').split(' ').filter(Boolean);
        if (!scopes.includes('admin')) cb(fail(grpc.status.PERMISSION_DENIED, 'insufficient scope: requires scope admin'));
        else cb(null, { subject: payload.sub, scopes });
      }, (e: unknown) => {
        cb(fail(grpc.status.UNAUTHENTICATED, e instanceof joseErrors.JWTExpired ? 'token expired' : 'invalid token'));
      });
    }) as Handler,
    Slow: ((call: grpc.ServerUnaryCall<{ ms: number }, unknown>, cb: grpc.sendUnaryData<unknown>) => {
      record(call);
      const timer = setTimeout(() => cb(null, { message: `slept ${call.request.ms} ms` }), call.request.ms);
      call.on('cancelled', () => clearTimeout(timer));
    }) as Handler,
    Metadata: ((call: grpc.ServerUnaryCall<unknown, unknown>, cb: grpc.sendUnaryData<unknown>) => {
      record(call);
      const entries: Record<string, string> = {};
      for (const [k, v] of Object.entries(call.metadata.getMap())) entries[k] = Buffer.isBuffer(v) ? v.toString('base64') : String(v);
      const headers = new grpc.Metadata();
      headers.set('x-served-by', 'keyhole-test');
      call.sendMetadata(headers);
      const trailers = new grpc.Metadata();
      trailers.set('x-trailer', 'done');
      cb(null, { entries }, trailers);
    }) as Handler,
  };
  server.addService(pkg.keyhole.greeter.v1.Greeter.service, handlers);
  // `v1alpha` stands for the older servers (grpc-go before 1.57, grpc-java, Node's) that offer only it.
  if (o.reflection === 'v1alpha') new ReflectionV1AlphaImplementation(definition).addToServer(server);
  else if (o.reflection !== 'none') new ReflectionService(definition).addToServer(server);

  const creds = o.tls
    ? grpc.ServerCredentials.createSsl(o.tls.mtls ? Buffer.from(o.tls.pki.caCert) : null, [{ private_key: Buffer.from(o.tls.pki.serverKey), cert_chain: Buffer.from(o.tls.pki.serverCert) }], o.tls.mtls === true)
    : grpc.ServerCredentials.createInsecure();
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync('127.0.0.1:0', creds, (e, p) => (e ? reject(e) : resolve(p)));
  });
  const address = `127.0.0.1:${port}`;
  return {
    url: `${o.tls ? 'grpcs' : 'grpc'}://${address}`, address, port, calls,
    close: () => new Promise<void>((resolve) => {
      server.tryShutdown(() => resolve());
      // Calls left open (a test that stopped listening) must not hold the suite.
      setTimeout(() => { server.forceShutdown(); resolve(); }, 500).unref();
    }),
  };
}
