import { KeyholeError } from '../../../shared/errors';
import type { ScriptReport } from '../../../shared/ipc/contract';
import type { Folder, Request } from '../../../shared/model';
import { scriptedExecutor } from '../runner';
import { scriptChain, type ScriptEngine } from '../scripts';
import type { SentExchange, Session } from '../session';
import type { StreamWatch } from '../http/types';

export interface ScriptedSend extends SentExchange {
  /** Absent when no level of the chain has a script: nothing ran, nothing to show. */
  tests?: ScriptReport | undefined;
}

const hasCode = (s: string | undefined): boolean => s !== undefined && s.trim() !== '';

/**
 * Sends one request from a tab the way the runner sends it: collection, folder and request
 * pre-request scripts first, test scripts after, with the session's live variables. `signal`
 * cancels this send only. The QuickJS engine is asked for only when a script is present, since
 * starting it costs more than most requests.
 */
export async function sendWithScripts(session: Session, request: Request, folders: readonly Folder[], signal: AbortSignal, engine: () => Promise<ScriptEngine>, watch?: StreamWatch): Promise<ScriptedSend> {
  const levels = scriptChain(session.collection, folders, request);
  if (!levels.some((l) => hasCode(l.scripts?.preRequest) || hasCode(l.scripts?.test))) {
    return session.send(request, folders, undefined, signal, watch);
  }
  // The executor sends through session.send; this view of the session adds the per-send signal
  // and keeps what the send reports besides the exchange (its secrets and body, for the history).
  const last: { sent?: SentExchange } = {};
  const view: Session = { ...session, send: async (r, f, runtime) => (last.sent = await session.send(r, f, runtime, signal, watch)) };
  const execute = scriptedExecutor({ session: view, collection: session.collection, engine: await engine(), iterationCount: 1 });
  const out = await execute({ request, folders: [...folders], path: [...folders.map((f) => f.name), request.name].join('/') }, 0);
  const tests: ScriptReport = { assertions: out.assertions ?? [], logs: out.logs ?? [] };
  // What the scripts asserted and printed before a failure travels with the error (details.tests,
  // already redacted), so the tab shows both, as Postman does.
  if (out.error) {
    throw new KeyholeError(out.error.code, out.error.message, {
      ...(out.error.hint === undefined ? {} : { hint: out.error.hint }),
      details: { ...out.error.details, tests },
    });
  }
  const sent = last.sent;
  if (out.skipped || !sent) {
    throw new KeyholeError('usage', `The pre-request script of ${request.name} skipped it (pm.execution.skipRequest), so nothing was sent`, {
      hint: 'Remove the skipRequest call to send it from here; the runner honours it.',
      details: { tests },
    });
  }
  return { ...sent, tests };
}
