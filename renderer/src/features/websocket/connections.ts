import type { ShownResult } from '../../../../shared/ipc';
import { isWebSocketRequest, type StreamClose, type WebSocketMessage } from '../../../../shared/model';
import { api } from '../../lib/api';
import { createStore, setEntry } from '../../lib/store';
import { newTabId, placeOf, tabError, tabs, updateTab, type TabError } from '../../state/tabs';
import { collectionById, environmentOf } from '../../state/workspace';
import { addDivider, appendPage, EMPTY_LOG, type ShownLog } from '../stream/shown-log';
import { polledState, type ConnectionState } from './connection-state';

/**
 * A WebSocket tab's connection as the app shows it. The log runs on across reconnects, each
 * connection after the first below a "Reconnected at" divider, and keeps the newest rows only.
 */
export interface Connection {
  connectionId: string;
  state: ConnectionState;
  log: ShownLog;
  protocol?: string | undefined;
  close?: StreamClose | undefined;
  error?: TabError | undefined;
  /** The handshake (masked), for the status line; the inspector reads it from the tab's response. */
  handshake?: ShownResult | undefined;
}

/** Connections by tab id. */
export const connections = createStore<Record<string, Connection>>({});

const POLL_MS = 100;
/** Each tab's polling of its connection, while it runs. */
const following = new Map<string, Promise<void>>();

const setConnection = (tabId: string, fn: (c: Connection | undefined) => Connection | undefined): void => setEntry(connections, tabId, fn);

/**
 * Connects a WebSocket tab: its draft as it is (auth, headers, subprotocols, settings, variables of
 * its collection and environment), through ws.connect. A refused handshake lands on the tab as its
 * response, so the inspector explains it as any refusal; an open one is polled for frames.
 */
export async function connectTab(tabId: string): Promise<void> {
  const t = tabs.get().tabs.find((x) => x.id === tabId);
  if (!t || !isWebSocketRequest(t.draft)) return;
  const current = connections.get()[tabId];
  if (current && (current.state === 'open' || current.state === 'connecting')) return;
  // The last connection's closing frames belong above the divider: let its polling finish first.
  const previous = following.get(tabId);
  if (previous) await Promise.race([previous, new Promise((r) => setTimeout(r, 2_000))]);
  const connectionId = newTabId();
  const at = new Date();
  setConnection(tabId, (c) => ({ connectionId, state: 'connecting', log: c ? addDivider(c.log, `Reconnected at ${at.toLocaleTimeString()}`, at.toISOString()) : EMPTY_LOG }));
  const env = environmentOf(t.collectionId);
  const collectionId = collectionById(t.collectionId)?.id;
  try {
    const r = await api['ws.connect']({
      connectionId, request: t.draft, folders: placeOf(t)?.folders ?? [],
      ...(collectionId ? { collectionId } : {}), ...(env ? { environment: env } : {}), ...(t.requestId ? { requestId: t.requestId } : {}),
    });
    updateTab(tabId, (x) => ({ ...x, response: r.handshake, error: undefined }));
    setConnection(tabId, (c) => c && c.connectionId === connectionId ? { ...c, state: r.state, handshake: r.handshake } : c);
    if (r.state === 'open') {
      const done = follow(tabId, connectionId, r.handshake).finally(() => { if (following.get(tabId) === done) following.delete(tabId); });
      following.set(tabId, done);
    } else historyChanged();
  } catch (e) {
    setConnection(tabId, (c) => c && c.connectionId === connectionId ? { ...c, state: 'failed', error: tabError(e) } : c);
    historyChanged();
  }
}

/** The engine recorded a connection (refused, failed, or closed): the History list shows it. */
const historyChanged = (): void => { window.dispatchEvent(new CustomEvent('keyhole:sent')); };

/** Polls one connection's log until it closed and every frame is in, or its tab went away (then it closes it). */
async function follow(tabId: string, connectionId: string, handshake: ShownResult): Promise<void> {
  let after = 0;
  for (;;) {
    if (!tabs.get().tabs.some((t) => t.id === tabId)) {
      await api['ws.close']({ connectionId }).catch(() => undefined);
      setConnection(tabId, () => undefined);
      return;
    }
    const mine = connections.get()[tabId];
    if (!mine || mine.connectionId !== connectionId) return;
    let p;
    try {
      p = await api['stream.poll']({ id: connectionId, after });
    } catch {
      await new Promise((r) => setTimeout(r, POLL_MS * 5));
      continue;
    }
    const from = after;
    after = p.next;
    setConnection(tabId, (c) => c && c.connectionId === connectionId ? {
      ...c, state: polledState(c.state, p.state),
      log: appendPage(c.log, { messages: p.messages, after: from, file: p.file }),
      protocol: p.protocol, close: p.close,
    } : c);
    // A 1008 close is a refusal after the handshake: the inspector explains it like a 401.
    if (p.explanation) updateTab(tabId, (x) => ({ ...x, response: { ...handshake, explanation: p.explanation } }));
    if (p.state === 'closed' && p.messages.length === 0) {
      historyChanged();
      return;
    }
    await new Promise((r) => setTimeout(r, p.messages.length >= 5_000 ? 0 : POLL_MS));
  }
}

export async function disconnectTab(tabId: string, code = 1000, reason = ''): Promise<void> {
  const c = connections.get()[tabId];
  if (!c || c.state !== 'open') return;
  setConnection(tabId, (x) => x && { ...x, state: 'closing' });
  try {
    await api['ws.close']({ connectionId: c.connectionId, code, reason });
  } catch (e) {
    setConnection(tabId, (x) => x && { ...x, error: tabError(e) });
  }
}

export async function reconnectTab(tabId: string): Promise<void> {
  await disconnectTab(tabId);
  await connectTab(tabId);
}

/** Sends a message on the tab's open connection; a failure (bad JSON, unknown variable) shows on the connection. */
export async function sendOnTab(tabId: string, message: WebSocketMessage): Promise<boolean> {
  const c = connections.get()[tabId];
  if (!c || c.state !== 'open') return false;
  try {
    await api['ws.send']({ connectionId: c.connectionId, message });
    setConnection(tabId, (x) => x && { ...x, error: undefined });
    return true;
  } catch (e) {
    setConnection(tabId, (x) => x && { ...x, error: tabError(e) });
    return false;
  }
}

export async function pingOnTab(tabId: string): Promise<void> {
  const c = connections.get()[tabId];
  if (c?.state === 'open') await api['ws.ping']({ connectionId: c.connectionId, text: '' }).catch((e: unknown) => setConnection(tabId, (x) => x && { ...x, error: tabError(e) }));
}

export function clearLog(tabId: string): void {
  setConnection(tabId, (c) => c && { ...c, log: { ...EMPTY_LOG, nextSeq: c.log.nextSeq } });
}
