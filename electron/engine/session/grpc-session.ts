import { maskExchange } from '../../../shared/exchange-mask';
import type { Folder, GrpcDescription, GrpcRequest, Request } from '../../../shared/model';
import type { DynamicSources, Scopes } from '../../../shared/variables';
import type { EngineServices } from '../execute/execute';
import type { FilePolicy } from '../execute/file-policy';
import type { Prepared } from '../execute/prepare';
import { secretValues } from '../execute/scopes';
import type { StreamWatch } from '../http/types';
import type { GrpcClients } from '../grpc/channel';
import type { DefinitionCache } from '../grpc/definitions';
import { playGrpc, resolveGrpcMessage, savedMessages } from '../grpc/play';
import type { GrpcContext, StartedGrpc } from '../grpc/start';
import type { SentExchange } from './session';

/** A call the app drives: the started call, its message resolver, and its end as an exchange. */
export interface OpenedGrpc {
  started: StartedGrpc;
  /** A message's JSON text with {{variables}} resolved from the session's scopes as they are now. */
  resolve: (text: string, name: string) => unknown;
  /** Waits for the status; the exchange raw (for the inspector) and masked. */
  finish: () => Promise<SentExchange>;
}

export interface GrpcSession {
  describe(request: GrpcRequest, folders?: readonly Folder[], refresh?: boolean): Promise<GrpcDescription>;
  template(request: GrpcRequest, folders?: readonly Folder[], type?: string): Promise<{ type: string; text: string }>;
  start(request: GrpcRequest, folders?: readonly Folder[], signal?: AbortSignal): Promise<OpenedGrpc>;
  /** Session.send's gRPC path: start, send the saved messages (or `messages`), half-close, wait. */
  play(request: GrpcRequest, folders: readonly Folder[], view: Scopes, signal?: AbortSignal, watch?: StreamWatch, messages?: readonly { name: string; text: string }[]): Promise<SentExchange>;
  /** Closes the session's gRPC connections. */
  close(): void;
}

type Runtime = typeof import('../grpc/runtime');
interface Loaded { rt: Runtime; definitions: DefinitionCache; clients: GrpcClients }

export interface GrpcSessionDeps {
  prepare: (request: Request, folders: readonly Folder[], view: Scopes) => Prepared;
  services: (signal: AbortSignal | undefined) => EngineServices;
  scopes: Scopes;
  dynamic: DynamicSources;
  environment: string | undefined;
  allSecrets: readonly string[];
  baseDir: string | undefined;
  policy: FilePolicy | undefined;
  unresolved: 'error' | 'literal';
}

/** The gRPC side of a session: one definition cache (per proto source) for the session's life. */
export function grpcSession(d: GrpcSessionDeps): GrpcSession {
  // The gRPC modules, the definition cache and the open clients come with the session's first call.
  let loaded: Promise<Loaded> | undefined;
  let clients: GrpcClients | undefined;
  const runtime = (): Promise<Loaded> => (loaded ??= import('../grpc/runtime').then((rt) => {
    clients = new rt.GrpcClients();
    return { rt, definitions: new rt.DefinitionCache(), clients };
  }));
  const context = async (request: GrpcRequest, folders: readonly Folder[], view: Scopes, signal?: AbortSignal): Promise<{ rt: Runtime; c: GrpcContext; secrets: string[] }> => {
    const { rt, definitions, clients } = await runtime();
    // The call's URL carries its method, so auth schemes that sign the path (SigV4) and origin rules see it.
    const base = request.url.replace(/\/+$/, '');
    const prepared = d.prepare({ ...request, url: request.rpc === '' ? base : `${base}/${request.rpc}` }, folders, view);
    const secrets = unique(prepared.secrets, secretValues(view));
    // Messages and metadata are masked with every secret in force: an echo may carry any of them.
    const inForce = d.allSecrets.length === 0 ? secrets : [...secrets, ...d.allSecrets];
    return { rt, c: { prepared, request, services: d.services(signal), environment: d.environment, definitions, clients, baseDir: d.baseDir, policy: d.policy, secrets: inForce }, secrets };
  };
  const resolver = (request: GrpcRequest, view: Scopes) => (text: string, name: string): unknown =>
    resolveGrpcMessage(text, name, { scopes: view, dynamic: d.dynamic, where: `request ${request.name}`, unresolved: d.unresolved });
  const start = async (request: GrpcRequest, folders: readonly Folder[], view: Scopes, signal?: AbortSignal): Promise<OpenedGrpc> => {
    const { rt, c, secrets } = await context(request, folders, view, signal);
    const started = await rt.startGrpc(c);
    const finish = async (): Promise<SentExchange> => {
      const exchange = await started.finish();
      const all = started.madeSecrets.length === 0 ? secrets : unique(secrets, started.madeSecrets);
      return { exchange, masked: maskExchange(exchange, all), secrets: all, body: { kind: 'none' } };
    };
    return { started, resolve: resolver(request, view), finish };
  };
  return {
    describe: async (request, folders = [], refresh = false) => {
      const { rt, c } = await context(request, folders, d.scopes);
      return rt.describeGrpc(c, refresh);
    },
    template: async (request, folders = [], type) => {
      const { rt, c } = await context(request, folders, d.scopes);
      return rt.templateGrpc(c, type);
    },
    start: (request, folders = [], signal) => start(request, folders, d.scopes, signal),
    async play(request, folders, view, signal, watch, messages) {
      const stop = watch?.stop && signal ? AbortSignal.any([watch.stop, signal]) : watch?.stop ?? signal;
      const opened = await start(request, folders, view, stop);
      watch?.onStart?.(opened.started.log);
      await playGrpc(opened.started, messages ?? savedMessages(request), opened.resolve);
      return opened.finish();
    },
    close: () => clients?.closeAll(),
  };
}

/** The values of both lists, each once, in order. */
function unique(a: readonly string[], b: readonly string[]): string[] {
  if (b.length === 0 && a.length < 2) return a.slice();
  return [...new Set([...a, ...b])];
}
