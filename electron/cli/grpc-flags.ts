import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { KeyholeError } from '../../shared/errors';
import { GrpcRequest, type GrpcMessage, type Request } from '../../shared/model';

/** The flags of `keyhole send` that only a gRPC call takes. */
export interface GrpcFlags {
  proto?: string[];
  importPath?: string[];
  plaintext?: boolean;
}

export const isGrpcUrl = (target: string): boolean => /^grpcs?:\/\//i.test(target);

/**
 * `grpc://host:port/package.Service/Method` as the server and the rpc. `--plaintext` makes a
 * grpcs:// URL plaintext (grpcurl's flag); grpc:// is plaintext already.
 */
export function splitGrpcUrl(target: string, plaintext: boolean | undefined): { url: string; rpc: string } {
  const m = /^(grpcs?):\/\/([^/]+)\/?(.*)$/i.exec(target.trim());
  if (!m) throw new KeyholeError('usage', `"${target}" is not a gRPC URL`, { hint: 'keyhole send grpc://host:port/package.Service/Method -d \'{"field":1}\'' });
  const scheme = plaintext ? 'grpc' : (m[1] as string).toLowerCase();
  const rpc = (m[3] ?? '').replace(/\/+$/, '');
  if (rpc !== '' && !/^([A-Za-z_]\w*\.)*[A-Za-z_]\w*\/[A-Za-z_]\w*$/.test(rpc)) {
    throw new KeyholeError('usage', `"${rpc}" is not a method: the URL's path is package.Service/Method`, { hint: 'keyhole send grpc://127.0.0.1:50051/helloworld.Greeter/SayHello -d \'{"name":"ada"}\'' });
  }
  return { url: `${scheme}://${m[2] as string}`, rpc };
}

/**
 * The messages of `-d` (each one message, in order; `@file` reads the file, relative to the
 * current folder). A unary call sends the first; a streaming one sends them all.
 */
export function grpcMessagesFrom(data: readonly string[] | undefined, cwd: string): GrpcMessage[] {
  return (data ?? []).map((d, i) => {
    if (!d.startsWith('@')) return { name: `message ${i + 1}`, text: d, enabled: true };
    const path = resolve(cwd, d.slice(1));
    try {
      return { name: d.slice(1), text: readFileSync(path, 'utf8'), enabled: true };
    } catch {
      throw new KeyholeError('file-not-found', `-d ${d}: cannot read ${path}`);
    }
  });
}

/**
 * A curl-style ad-hoc request (metadata from -H, auth, TLS, timeouts) as a gRPC call. The
 * definitions come from `--proto` files (with `--import-path`), resolved against the current
 * folder, or else from the server's reflection.
 */
export function adhocGrpc(target: string, base: Request, flags: GrpcFlags & { data?: string[]; request?: string }, cwd: string): GrpcRequest {
  if (flags.request !== undefined) throw new KeyholeError('usage', 'A gRPC call takes no -X: its method is in the URL (package.Service/Method)');
  const { url, rpc } = splitGrpcUrl(target, flags.plaintext);
  if (rpc === '') throw new KeyholeError('usage', `${target} names no method`, { hint: 'Add /package.Service/Method to the URL.' });
  const proto = flags.proto?.length
    ? { type: 'files' as const, files: flags.proto.map((p) => resolve(cwd, p)), importPaths: (flags.importPath ?? []).map((p) => resolve(cwd, p)) }
    : { type: 'reflection' as const };
  if (!flags.proto?.length && flags.importPath?.length) throw new KeyholeError('usage', '--import-path needs --proto: the files it helps import');
  return GrpcRequest.parse({
    kind: 'grpc', name: base.name, url, rpc, proto, headers: base.headers, auth: base.auth, settings: base.settings,
    messages: grpcMessagesFrom(flags.data, cwd),
  });
}
