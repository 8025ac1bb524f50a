import { KeyholeError } from '../../../shared/errors';
import type { ScriptReport } from '../../../shared/ipc/send-payloads';
import type { Folder, GrpcRequest, Request } from '../../../shared/model';
import { scriptedExecutor, type ItemOutcome } from '../runner';
import { scriptChain, type ScriptEngine } from '../scripts';
import type { SentExchange, Session } from '../session';
import type { OpenedGrpc } from '../session/grpc-session';
import type { StreamWatch } from '../http/types';

export interface ScriptedSend extends SentExchange {
  /** Absent when no level of the chain has a script: nothing ran, nothing to show. */
  tests?: ScriptReport | undefined;
}

const hasCode = (s: string | undefined): boolean => s !== undefined && s.trim() !== '';

const hasScripts = (session: Session, folders: readonly Folder[], request: Request): boolean =>
  scriptChain(session.collection, folders, request).some((l) => hasCode(l.scripts?.preRequest) || hasCode(l.scripts?.test));

const pathOf = (folders: readonly Folder[], request: Request): string => [...folders.map((f) => f.name), request.name].join('/');

/**
 * Sends one request from a tab the way the runner sends it: collection, folder and request
 * pre-request scripts first, test scripts after, with the session's live variables. `signal`
 * cancels this send only. The QuickJS engine is asked for only when a script is present, since
 * starting it costs more than most requests.
 */
export async function sendWithScripts(session: Session, request: Request, folders: readonly Folder[], signal: AbortSignal, engine: () => Promise<ScriptEngine>, watch?: StreamWatch): Promise<ScriptedSend> {
  if (!hasScripts(session, folders, request)) return session.send(request, folders, undefined, signal, watch);
  // The executor sends through session.send; this view of the session adds the per-send signal
  // and keeps what the send reports besides the exchange (its secrets and body, for the history).
  const last: { sent?: SentExchange } = {};
  const view: Session = { ...session, send: async (r, f, runtime) => (last.sent = await session.send(r, f, runtime, signal, watch)) };
  const execute = scriptedExecutor({ session: view, collection: session.collection, engine: await engine(), iterationCount: 1 });
  const out = await execute({ request, folders: [...folders], path: pathOf(folders, request) }, 0);
  return reported(out, request, last.sent);
}

/** A gRPC call the app drives, started with its scripts: the live call, and its end with what the test scripts said. */
export interface ScriptedCall {
  opened: OpenedGrpc;
  /** Resolves once the call ended and the test scripts ran; settles once (never finish `opened` again). */
  ended: Promise<ScriptedSend>;
}

/**
 * Starts a gRPC call from a tab as `keyhole run` plays one: the pre-request scripts of the
 * collection, folders and request run before it starts (they may set variables its messages and
 * metadata use), the test scripts once it ended, on its messages and status. The caller sends the
 * messages and half-closes, as without scripts. A pre-request script that fails or skips the
 * request rejects here, with what the scripts said.
 */
export async function startWithScripts(session: Session, request: GrpcRequest, folders: readonly Folder[], engine: () => Promise<ScriptEngine>): Promise<ScriptedCall> {
  if (!hasScripts(session, folders, request)) {
    const opened = await session.grpc.start(request, folders);
    return { opened, ended: opened.finish() };
  }
  let onStart: (o: OpenedGrpc) => void = () => undefined;
  const started = new Promise<OpenedGrpc>((resolve) => { onStart = resolve; });
  const last: { sent?: SentExchange } = {};
  // The executor's send is the call: it starts (with the request the pre-request scripts left),
  // hands the call to the app, and returns once the call ended so the test scripts see all of it.
  const view: Session = {
    ...session,
    send: async (r, f) => {
      const opened = await session.grpc.start(r as GrpcRequest, f);
      onStart(opened);
      return (last.sent = await opened.finish());
    },
  };
  const execute = scriptedExecutor({ session: view, collection: session.collection, engine: await engine(), iterationCount: 1 });
  const outcome = execute({ request, folders: [...folders], path: pathOf(folders, request) }, 0);
  const first = await Promise.race([started.then((opened) => ({ opened })), outcome.then((out) => ({ out }))]);
  if ('out' in first) {
    // Ended before a call started: a failed or skipping pre-request script, or a call that could
    // not start under Postman semantics (its tests ran on no response).
    reported(first.out, request, undefined);
    throw new KeyholeError('internal', `gRPC request ${request.name}: the call neither started nor failed`);
  }
  return { opened: first.opened, ended: outcome.then((out) => reported(out, request, last.sent)) };
}

/** The send with its script report; what the scripts asserted and printed before a failure travels with the error. */
function reported(out: ItemOutcome, request: Request, sent: SentExchange | undefined): ScriptedSend {
  const tests: ScriptReport = { assertions: out.assertions ?? [], logs: out.logs ?? [] };
  // details.tests is already redacted, so the tab shows both, as Postman does.
  if (out.error) {
    throw new KeyholeError(out.error.code, out.error.message, {
      ...(out.error.hint === undefined ? {} : { hint: out.error.hint }),
      details: { ...out.error.details, tests },
    });
  }
  if (out.skipped || !sent) {
    throw new KeyholeError('usage', `The pre-request script of ${request.name} skipped it (pm.execution.skipRequest), so nothing was sent`, {
      hint: 'Remove the skipRequest call to send it from here; the runner honours it.',
      details: { tests },
    });
  }
  return { ...sent, tests };
}
