import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { KeyholeError } from '../../../shared/errors';
import { GRPC_REFUSALS, REFUSAL_STATUSES, type Finding } from '../../../shared/inspector';
import { isFailedClose, isGrpcRequest, isWebSocketRequest, type Exchange, type GrpcRequest, type Request } from '../../../shared/model';
import { findRequest } from '../../engine/execute/prepare';
import { adhocRequest } from '../adhoc';
import { findCollectionDir, openCliSession, parseVars } from '../context';
import { explainRefusal } from '../diagnose';
import { EXIT } from '../io';
import { bodyText, printDiagnosis, printExchange } from '../print-exchange';
import { printStreamLive } from '../stream-print';
import { adhocWebSocket, isWebSocketUrl, messagesFrom, waitFrom } from '../websocket-flags';
import { adhocGrpc, grpcMessagesFrom, isGrpcUrl } from '../grpc-flags';
import type { CommandContext, SendCommandFlags } from '../declarations';

/** `keyhole send`: see declarations/send.ts for the two forms and the exit statuses. */
export async function sendCommand({ io, setExit }: CommandContext, target: string, flags: SendCommandFlags): Promise<void> {
  const isUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(target) || (!flags.collection && !findCollectionDir(io.cwd));
  const collectionDir = flags.collection ? resolve(io.cwd, flags.collection) : findCollectionDir(io.cwd);
  if (flags.collection && !existsSync(resolve(io.cwd, flags.collection))) {
    throw new KeyholeError('file-not-found', `Collection folder ${resolve(io.cwd, flags.collection)} does not exist`);
  }
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
    const watch = { onStart: printStreamLive(io, flags.json ?? false) };
    const { exchange, masked, secrets } = await session.send(request, folders, parseVars(flags.var), undefined, watch);
    // Explained from the exchange as sent (token claims readable); every output is masked.
    const close = exchange.stream?.kind === 'websocket' ? exchange.stream.close : undefined;
    const grpc = exchange.grpc?.status;
    const refused = grpc ? GRPC_REFUSALS.has(grpc.code) : REFUSAL_STATUSES.has(exchange.response.status) || close?.code === 1008;
    const findings = refused ? explainRefusal(exchange, secrets) : undefined;
    if (flags.json) {
      io.out(masked.stream ? `${JSON.stringify(jsonView({ ...masked, stream: { ...masked.stream, messages: [] } }, findings))}\n` : `${JSON.stringify(jsonView(masked, findings), null, 2)}\n`);
    } else {
      printExchange(io, masked, { headers: flags.include ?? false });
      if (findings) printDiagnosis(io, findings);
    }
    const ok = grpc ? grpc.code === 0 : masked.response.status < 400 && !(close && isFailedClose(close.code));
    setExit(ok ? EXIT.ok : EXIT.failed);
  } finally {
    await session.close();
  }
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
