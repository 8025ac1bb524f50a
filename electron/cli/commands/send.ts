import { KeyholeError } from '../../../shared/errors';
import type { Finding } from '../../../shared/inspector';
import { isFailedClose, isGrpcRequest, isWebSocketRequest, type Exchange, type GrpcRequest, type Request } from '../../../shared/model';
import { findRequest } from '../../engine/execute/prepare';
import { adhocRequest } from '../adhoc';
import { openCliSession, parseVars } from '../context';
import { requestTarget } from '../request-target';
import { explainRefusal } from '../diagnose';
import { EXIT } from '../io';
import { bodyText, printDiagnosis, printExchange } from '../print-exchange';
import { printStreamLive } from '../stream-print';
import { adhocWebSocket, isWebSocketUrl, messagesFrom, waitFrom } from '../websocket-flags';
import { adhocGrpc, grpcMessagesFrom, isGrpcUrl } from '../grpc-flags';
import type { CommandContext, SendCommandFlags } from '../declarations';
import type { ReconnectOptions } from '../../engine/http/types';

/** `keyhole send`: see declarations/send.ts for the two forms and the exit statuses. */
export async function sendCommand({ io, setExit }: CommandContext, target: string, flags: SendCommandFlags): Promise<void> {
  const { isUrl, collectionDir } = requestTarget(io, target, flags);
  const session = await openCliSession(io, flags, collectionDir);
  try {
    let request: Request;
    let folders: ReturnType<typeof findRequest>['folders'] = [];
    if (isUrl) {
      const adhoc = adhocRequest(target, flags, io.cwd);
      request = isWebSocketUrl(target) ? adhocWebSocket(adhoc, flags, io.cwd) : isGrpcUrl(target) ? adhocGrpc(target, adhoc, flags, io.cwd) : adhoc;
    } else {
      ({ request, folders } = findRequest(session.collection, target));
      if (isWebSocketRequest(request)) request = withWebSocketFlags(request, flags, io.cwd);
      // -d replaces a stored gRPC request's saved messages, as --message does a WebSocket's.
      if (isGrpcRequest(request) && flags.data?.length) {
        const withData: GrpcRequest = { ...request, messages: grpcMessagesFrom(flags.data, io.cwd) };
        request = withData;
      }
    }
    if (flags.profile) request = { ...request, auth: { type: 'profile' as const, profile: flags.profile } };
    // Frames and events print as they arrive; the exchange (handshake, status) follows when it ends.
    const reconnect = reconnectFrom(flags);
    const stop = new AbortController();
    const onInterrupt = (): void => stop.abort();
    // Reconnecting has no end of its own: Ctrl+C ends it, and the summary still prints.
    if (reconnect) process.once('SIGINT', onInterrupt);
    const watch = { onStart: printStreamLive(io, flags.json ?? false), ...(reconnect ? { reconnect, stop: stop.signal } : {}) };
    const { exchange, masked, secrets } = await session.send(request, folders, parseVars(flags.var), undefined, watch)
      .finally(() => process.removeListener('SIGINT', onInterrupt));
    // Explained from the exchange as sent (token claims readable); every output is masked.
    const close = exchange.stream?.kind === 'websocket' ? exchange.stream.close : undefined;
    // A 401/403/407, a 1008 close, a gRPC 16/7, or a GraphQL answer whose errors refuse (often with 200).
    const explained = explainRefusal(exchange, secrets);
    const findings = explained.length > 0 ? explained : undefined;
    const grpc = exchange.grpc?.status;
    if (flags.json) {
      io.out(masked.stream ? `${JSON.stringify(jsonView({ ...masked, stream: { ...masked.stream, messages: [] } }, findings))}\n` : `${JSON.stringify(jsonView(masked, findings), null, 2)}\n`);
    } else {
      printExchange(io, masked, { headers: flags.include ?? false });
      if (findings) printDiagnosis(io, findings);
    }
    const ok = grpc ? grpc.code === 0 : masked.response.status < 400 && !(close && isFailedClose(close.code));
    setExit(ok && !findings ? EXIT.ok : EXIT.failed);
  } finally {
    await session.close();
  }
}

/** `--reconnect`, or `--max-reconnects N` (which implies it), as the engine's reconnect options. */
function reconnectFrom(flags: SendCommandFlags): ReconnectOptions | undefined {
  if (flags.maxReconnects !== undefined) {
    const max = Number(flags.maxReconnects);
    if (!Number.isInteger(max) || max < 0) throw new KeyholeError('usage', `--max-reconnects takes a whole number (0 or more), not "${flags.maxReconnects}"`);
    return { max };
  }
  return flags.reconnect ? {} : undefined;
}

/** A stored WebSocket request with the command line's --message, --wait and --subprotocol over its own. */
function withWebSocketFlags<R extends Request>(request: R, flags: SendCommandFlags, cwd: string): R {
  const wait = waitFrom(flags.wait);
  return {
    ...request,
    ...(flags.message?.length ? { messages: messagesFrom(flags, cwd) } : {}),
    ...(wait ? { wait } : {}),
    ...(flags.subprotocol?.length ? { subprotocols: flags.subprotocol } : {}),
  };
}

/**
 * The exchange with its body as text where it is text, so `--json | jq` works; a refusal also
 * carries the explainer's findings (spec/explain-401.md), most likely first.
 */
function jsonView(e: Exchange, findings: Finding[] | undefined): unknown {
  return { ...e, response: { ...e.response, bodyText: bodyText(e) }, ...(findings ? { findings } : {}) };
}
