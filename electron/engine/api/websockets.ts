import { explainIfRefused, explainPolicyClose } from '../../../shared/inspector';
import { toKeyholeError } from '../../../shared/errors';
import type { SendResult } from '../../../shared/ipc/send-payloads';
import type { Handlers } from '../../../shared/ipc/types';
import type { HistoryEntry } from '../../../shared/model';
import { entryOfConnection, entryOfFailure, FrameSample, withSentMessages, type SendContext } from '../history';
import type { Exchanges } from './exchanges';
import { foldersAt } from './folders-at';
import { withWarning } from './history-record';
import type { Sessions } from './sessions';
import type { LiveStreams } from './streams';

type WsChannels = 'ws.connect' | 'ws.send' | 'ws.ping' | 'ws.close';

export interface WebSocketDeps {
  sessions: () => Sessions;
  exchanges: Exchanges;
  streams: LiveStreams;
  /** Adds an entry to the history; resolves with a warning when it could not. */
  record: (make: () => HistoryEntry) => Promise<string | undefined>;
  now: () => Date;
}

/**
 * The app's WebSocket channels: connect (the handshake explained like any exchange when refused),
 * send, ping and close. Each connection goes into the history: a refused or failed handshake at
 * once, an opened connection when it closes, with what it carried.
 */
export function websocketHandlers({ sessions, exchanges, streams, record, now }: WebSocketDeps): Pick<Handlers, WsChannels> {
  return {
    'ws.connect': async ({ connectionId, request, collectionId, folders: path, environment, requestId }) => {
      const startedAt = now();
      const t0 = performance.now();
      const ctx: SendContext = { request, collectionId, requestId, environment, folderNames: path, folders: [] };
      let opened;
      try {
        const s = await sessions().get(collectionId, environment).session;
        ctx.session = s;
        ctx.folders = foldersAt(s.collection.items, path);
        opened = await s.connect(request, ctx.folders);
      } catch (e) {
        await record(() => entryOfFailure(ctx, toKeyholeError(e), startedAt, performance.now() - t0));
        throw e;
      }
      const explanation = explainIfRefused(opened.exchange, exchanges.recentRaw());
      const plain: SendResult = { exchange: opened.masked, ...(explanation ? { explanation } : {}) };
      const connection = opened.connection;
      if (!connection) {
        const handshake = withWarning(plain, await record(() => entryOfConnection(ctx, opened, undefined)));
        exchanges.add(opened.exchange, handshake);
        return { state: 'refused' as const, handshake };
      }
      exchanges.add(opened.exchange, plain);
      const earlier = exchanges.recentRaw();
      // Recorded once it closes: the entry holds what the connection carried and how it ended.
      const sample = new FrameSample(connection.log);
      streams.addConnection(connectionId, connection, opened.resolve, (close) => explainPolicyClose(opened.exchange, close, earlier.slice(0, -1)),
        (sent) => record(() => entryOfConnection({ ...ctx, request: withSentMessages(request, sent) }, opened, sample.finish(performance.now() - t0))));
      return { state: 'open' as const, handshake: plain };
    },
    'ws.send': async ({ connectionId, message }) => {
      const { connection, resolve } = streams.socket(connectionId);
      await connection.send(await resolve(message));
      streams.noteSent(connectionId, message);
      return { ok: true as const };
    },
    'ws.ping': async ({ connectionId, text }) => {
      streams.connection(connectionId).ping(text);
      return { ok: true as const };
    },
    'ws.close': async ({ connectionId, code, reason }) => ({ close: await streams.connection(connectionId).close(code, reason) }),
  };
}
