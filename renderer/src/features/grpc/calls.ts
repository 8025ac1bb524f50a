import { isGrpcRequest, type GrpcCallType, type GrpcStatus, type HistoryEntry, type HistoryFrame, type StreamMessage } from '../../../../shared/model';
import { api } from '../../lib/api';
import { createStore, setEntry } from '../../lib/store';
import { newTabId, placeOf, tabError, tabs, updateTab, type Tab, type TabError } from '../../state/tabs';
import { collectionById, environmentOf } from '../../state/workspace';

/** `closing`: half-closed, the client sends no more but the server may still answer. */
export type CallState = 'starting' | 'open' | 'closing' | 'closed' | 'failed';

type Pairs = [string, string][];

/** A gRPC tab's call as the app shows it: the log of the latest call, its metadata and final status. */
export interface CallView {
  callId: string;
  state: CallState;
  callType?: GrpcCallType | undefined;
  rpc?: string | undefined;
  messages: StreamMessage[];
  omitted: number;
  headers: Pairs;
  trailers: Pairs;
  status?: GrpcStatus | undefined;
  /** Why the call stopped early (the log's cap). */
  ended?: string | undefined;
  error?: TabError | undefined;
  /** A call shown from the history: when it was made and the metadata it sent (masked). */
  recorded?: { at: string; sent: Pairs; notShown?: string | undefined } | undefined;
}

/** Calls by tab id. */
export const calls = createStore<Record<string, CallView>>({});

const POLL_MS = 100;

const setCall = (tabId: string, fn: (c: CallView | undefined) => CallView | undefined): void => setEntry(calls, tabId, fn);

/** Updates the call only while it is still the tab's current one (a new Invoke replaces it). */
const setMine = (tabId: string, callId: string, fn: (c: CallView) => CallView): void =>
  setCall(tabId, (c) => (c && c.callId === callId ? fn(c) : c));

export const isLive = (c: CallView | undefined): boolean => c !== undefined && (c.state === 'starting' || c.state === 'open' || c.state === 'closing');

/** Where a tab's request lives, as every grpc.* channel wants it. */
export function targetOf(t: Tab) {
  const env = environmentOf(t.collectionId);
  const collectionId = collectionById(t.collectionId)?.id;
  return {
    folders: placeOf(t)?.folders ?? [],
    ...(collectionId ? { collectionId } : {}), ...(env ? { environment: env } : {}),
  };
}

/** The text the message editor holds: the request's first saved message. */
export const messageText = (t: Tab): string => (isGrpcRequest(t.draft) ? t.draft.messages[0]?.text ?? '' : '');

/**
 * Invokes a gRPC tab's method with its draft as it is (metadata, auth, TLS, deadline, variables of
 * its collection and environment). A unary or server-streaming call sends the message editor's
 * text and half-closes; a client-streaming or bidirectional one opens and waits for Send / End.
 * The log is polled as a WebSocket's; the finished call lands on the tab as its response, so the
 * inspector explains a 16 or 7 as any refusal.
 */
export async function invokeTab(tabId: string): Promise<void> {
  const t = tabs.get().tabs.find((x) => x.id === tabId);
  if (!t || !isGrpcRequest(t.draft) || isLive(calls.get()[tabId])) return;
  const callId = newTabId();
  setCall(tabId, () => ({ callId, state: 'starting', messages: [], omitted: 0, headers: [], trailers: [] }));
  updateTab(tabId, (x) => ({ ...x, response: undefined, error: undefined }));
  try {
    const started = await api['grpc.start']({
      callId, request: t.draft, message: messageText(t), ...targetOf(t), ...(t.requestId ? { requestId: t.requestId } : {}),
    });
    setMine(tabId, callId, (c) => ({ ...c, state: c.state === 'starting' ? 'open' : c.state, callType: started.callType, rpc: started.rpc }));
    void follow(tabId, callId);
  } catch (e) {
    setMine(tabId, callId, (c) => ({ ...c, state: 'failed', error: tabError(e) }));
    // The engine recorded the call that could not start: the History list shows it.
    window.dispatchEvent(new CustomEvent('keyhole:sent'));
  }
}

/** Polls one call's log until it ended and every entry is in, then fetches its exchange; cancels it when its tab went away. */
async function follow(tabId: string, callId: string): Promise<void> {
  let after = 0;
  for (;;) {
    if (!tabs.get().tabs.some((t) => t.id === tabId)) {
      await api['grpc.cancel']({ callId }).catch(() => undefined);
      setCall(tabId, () => undefined);
      return;
    }
    if (calls.get()[tabId]?.callId !== callId) return;
    let p;
    try {
      p = await api['stream.poll']({ id: callId, after });
    } catch {
      await new Promise((r) => setTimeout(r, POLL_MS * 5));
      continue;
    }
    after = p.next;
    const fresh = p.messages;
    setMine(tabId, callId, (c) => ({
      ...c,
      state: p.state === 'closing' || p.state === 'closed' ? p.state : c.state === 'starting' ? 'open' : c.state,
      messages: fresh.length === 0 ? c.messages : c.messages.concat(fresh),
      omitted: p.omitted,
      headers: metadataOf(fresh, 'headers') ?? c.headers,
      trailers: metadataOf(fresh, 'trailers') ?? c.trailers,
      status: p.grpcStatus ?? c.status,
      ended: p.ended,
    }));
    if (p.state === 'closed' && fresh.length === 0) break;
    await new Promise((r) => setTimeout(r, fresh.length >= 5_000 ? 0 : POLL_MS));
  }
  try {
    const result = await api['grpc.result']({ callId });
    if (calls.get()[tabId]?.callId !== callId) return;
    updateTab(tabId, (x) => ({ ...x, response: result }));
    const g = result.exchange.grpc;
    setMine(tabId, callId, (c) => ({ ...c, state: 'closed', status: g?.status ?? c.status, headers: g?.headers ?? c.headers, trailers: g?.trailers ?? c.trailers }));
    window.dispatchEvent(new CustomEvent('keyhole:sent'));
  } catch (e) {
    setMine(tabId, callId, (c) => ({ ...c, state: 'failed', error: tabError(e) }));
  }
}

function metadataOf(messages: readonly StreamMessage[], type: 'headers' | 'trailers'): Pairs | undefined {
  const m = messages.findLast((x) => x.type === type);
  return m?.metadata?.map(([k, v]) => [k, v]);
}

/** Sends the message editor's text on the tab's open streaming call; a failure (bad JSON) shows on the call. */
export async function sendOnCall(tabId: string, text: string): Promise<void> {
  const c = calls.get()[tabId];
  if (c?.state !== 'open') return;
  try {
    await api['grpc.send']({ callId: c.callId, text });
    setMine(tabId, c.callId, (x) => ({ ...x, error: undefined }));
  } catch (e) {
    setMine(tabId, c.callId, (x) => ({ ...x, error: tabError(e) }));
  }
}

/** Half-closes the tab's call: the client sends no more; the server may still answer. */
export async function endCall(tabId: string): Promise<void> {
  const c = calls.get()[tabId];
  if (c?.state !== 'open') return;
  await api['grpc.end']({ callId: c.callId }).catch((e: unknown) => setMine(tabId, c.callId, (x) => ({ ...x, error: tabError(e) })));
}

/** Cancels the tab's call; it ends with CANCELLED (1). */
export async function cancelCall(tabId: string): Promise<void> {
  const c = calls.get()[tabId];
  if (!isLive(c) || !c) return;
  await api['grpc.cancel']({ callId: c.callId }).catch((e: unknown) => setMine(tabId, c.callId, (x) => ({ ...x, error: tabError(e) })));
}

export function clearCallLog(tabId: string): void {
  setCall(tabId, (c) => c && { ...c, messages: [], omitted: 0 });
}

/**
 * Shows a call from the history on a tab: its messages both ways (the sample the history kept),
 * the metadata it sent, its response headers, trailers and status, as a call that ended.
 */
export function showRecorded(tabId: string, e: HistoryEntry): void {
  const c = e.connection;
  const at = Date.parse(e.startedAt);
  const row = (f: HistoryFrame, direction: 'in' | 'out'): Omit<StreamMessage, 'seq'> => ({
    t: f.t, at: new Date(at + f.t).toISOString(), direction, type: f.type === 'message' ? 'message' : f.type, data: f.data, size: f.size, truncated: f.truncated,
  });
  const rows = [...(c?.sent ?? []).map((f) => row(f, 'out')), ...(c?.received ?? []).map((f) => row(f, 'in'))]
    .sort((a, b) => a.t - b.t).map((m, seq): StreamMessage => ({ ...m, seq }));
  const dropped = c ? c.sentCount - c.sent.length + c.receivedCount - c.received.length : 0;
  setCall(tabId, () => ({
    callId: `history-${e.id}`, state: 'closed', callType: e.grpc?.callType, rpc: e.grpc?.rpc, messages: rows, omitted: 0,
    headers: e.grpc?.headers ?? [], trailers: e.grpc?.trailers ?? [], status: e.grpc?.status,
    ...(e.error ? { error: { code: e.error.code, message: e.error.message } } : {}),
    recorded: {
      at: e.startedAt, sent: e.sent.headers.map(([k, v]): [string, string] => [k, v]),
      ...(dropped > 0 && c ? { notShown: `The history kept ${c.sent.length} of ${c.sentCount} sent and ${c.received.length} of ${c.receivedCount} received messages.` } : {}),
    },
  }));
}
