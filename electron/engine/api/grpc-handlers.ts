import type { SendResult } from '../../../shared/ipc/send-payloads';
import type { Handlers } from '../../../shared/ipc/types';
import { toKeyholeError } from '../../../shared/errors';
import { explainIfRefused } from '../../../shared/inspector';
import type { Folder, GrpcRequest, HistoryEntry } from '../../../shared/model';
import { savedMessages } from '../grpc/play';
import { entryOfCall, entryOfFailure, FrameSample, type SendContext } from '../history';
import type { ScriptEngine } from '../scripts';
import type { Session } from '../session';
import type { Exchanges } from './exchanges';
import { withWarning } from './history-record';
import { startWithScripts, type ScriptedSend } from './scripted-send';
import type { Sessions } from './sessions';
import type { LiveStreams } from './streams';

type GrpcChannels = 'grpc.describe' | 'grpc.template' | 'grpc.start' | 'grpc.send' | 'grpc.end' | 'grpc.cancel' | 'grpc.result';

export interface GrpcHandlerDeps {
  sessions: () => Sessions;
  streams: LiveStreams;
  exchanges: Exchanges;
  foldersAt: (items: readonly (Folder['items'][number])[], path: readonly string[]) => Folder[];
  /** Adds an entry to the history; resolves with a warning when it could not. */
  record: (make: () => HistoryEntry) => Promise<string | undefined>;
  /** The shared QuickJS engine, asked for only when a script is present. */
  engine: () => Promise<ScriptEngine>;
  now: () => Date;
}

/**
 * The gRPC channels of the IPC contract. A call the app starts lives in LiveStreams under the
 * caller's callId: its log is polled with stream.poll like a WebSocket's, and its end becomes an
 * exchange (masked) the inspector explains when the status is 16 or 7. The call runs with the
 * scripts of its request, folders and collection, as `keyhole run` plays it, and goes into the
 * history (masked) when it ends, or at once when it could not start.
 */
export function grpcHandlers(d: GrpcHandlerDeps): Pick<Handlers, GrpcChannels> {
  const at = async (t: { request: GrpcRequest; collectionId?: string | undefined; folders: string[]; environment?: string | undefined }): Promise<{ s: Session; folders: Folder[] }> => {
    const s = await d.sessions().get(t.collectionId, t.environment).session;
    return { s, folders: d.foldersAt(s.collection.items, t.folders) };
  };
  const finish = async (ended: Promise<ScriptedSend>, ctx: SendContext, sample: FrameSample, t0: number): Promise<SendResult> => {
    const sent = await ended;
    const explanation = explainIfRefused(sent.exchange, d.exchanges.recentRaw());
    const plain: SendResult = { exchange: sent.masked, ...(explanation ? { explanation } : {}), ...(sent.tests ? { tests: sent.tests } : {}) };
    const result = withWarning(plain, await d.record(() => entryOfCall(ctx, sent, sample.finish(performance.now() - t0))));
    d.exchanges.add(sent.exchange, result);
    return result;
  };
  return {
    'grpc.describe': async (t) => {
      const { s, folders } = await at(t);
      return s.grpc.describe(t.request, folders, t.refresh);
    },
    'grpc.template': async (t) => {
      const { s, folders } = await at(t);
      return s.grpc.template(t.request, folders, t.type);
    },
    'grpc.start': async (t) => {
      const startedAt = d.now();
      const t0 = performance.now();
      const ctx: SendContext = { request: t.request, collectionId: t.collectionId, requestId: t.requestId, environment: t.environment, folderNames: t.folders, folders: [] };
      let scripted;
      try {
        const { s, folders } = await at(t);
        ctx.session = s;
        ctx.folders = folders;
        scripted = await startWithScripts(s, t.request, folders, d.engine);
      } catch (e) {
        await d.record(() => entryOfFailure(ctx, toKeyholeError(e), startedAt, performance.now() - t0));
        throw e;
      }
      const { opened, ended } = scripted;
      // Observed by finish; a call refused by addGrpcCall (too many open) ends unobserved.
      ended.catch(() => undefined);
      const { call, method } = opened.started;
      const sample = new FrameSample(opened.started.log);
      d.streams.addGrpcCall(t.callId, opened, () => finish(ended, ctx, sample, t0));
      if (call.callType === 'unary' || call.callType === 'server-streaming') {
        const first = t.message === undefined ? savedMessages(t.request)[0] : { name: 'typed', text: t.message };
        try {
          call.send(opened.resolve(first?.text ?? '{}', first?.name ?? 'empty'), `message "${first?.name ?? 'empty'}"`);
        } catch (e) {
          call.cancel();
          throw e;
        }
        call.end();
      }
      return { callType: method.callType, rpc: method.rpc, requestType: method.requestType };
    },
    'grpc.send': async ({ callId, text }) => {
      const { opened } = d.streams.grpcCall(callId);
      opened.started.call.send(opened.resolve(text, 'typed'), 'the typed message');
      return { ok: true as const };
    },
    'grpc.end': async ({ callId }) => {
      d.streams.grpcCall(callId).opened.started.call.end();
      return { ok: true as const };
    },
    'grpc.cancel': async ({ callId }) => ({ cancelled: d.streams.grpcCall(callId).opened.started.call.cancel() }),
    'grpc.result': async ({ callId }) => d.streams.grpcCall(callId).result,
  };
}
