import type { SendResult } from '../../../shared/ipc/contract';
import type { Handlers } from '../../../shared/ipc/types';
import { explainIfRefused } from '../../../shared/inspector';
import type { Folder, GrpcRequest } from '../../../shared/model';
import { savedMessages } from '../grpc/play';
import type { Session } from '../session';
import type { OpenedGrpc } from '../session/grpc-session';
import type { Exchanges } from './exchanges';
import type { Sessions } from './sessions';
import type { LiveStreams } from './streams';

type GrpcChannels = 'grpc.describe' | 'grpc.template' | 'grpc.start' | 'grpc.send' | 'grpc.end' | 'grpc.cancel' | 'grpc.result';

export interface GrpcHandlerDeps {
  sessions: () => Sessions;
  streams: LiveStreams;
  exchanges: Exchanges;
  foldersAt: (items: readonly (Folder['items'][number])[], path: readonly string[]) => Folder[];
}

/**
 * The gRPC channels of the IPC contract. A call the app starts lives in LiveStreams under the
 * caller's callId: its log is polled with stream.poll like a WebSocket's, and its end becomes an
 * exchange (masked) the inspector explains when the status is 16 or 7.
 */
export function grpcHandlers(d: GrpcHandlerDeps): Pick<Handlers, GrpcChannels> {
  const at = async (t: { request: GrpcRequest; collectionId?: string | undefined; folders: string[]; environment?: string | undefined }): Promise<{ s: Session; folders: Folder[] }> => {
    const s = await d.sessions().get(t.collectionId, t.environment).session;
    return { s, folders: d.foldersAt(s.collection.items, t.folders) };
  };
  const finish = async (opened: OpenedGrpc): Promise<SendResult> => {
    const sent = await opened.finish();
    const explanation = explainIfRefused(sent.exchange, d.exchanges.recentRaw());
    const result: SendResult = { exchange: sent.masked, ...(explanation ? { explanation } : {}) };
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
      const { s, folders } = await at(t);
      const opened = await s.grpc.start(t.request, folders);
      const { call, method } = opened.started;
      d.streams.addGrpcCall(t.callId, opened, finish);
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
