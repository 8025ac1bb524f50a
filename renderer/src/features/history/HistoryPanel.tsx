import { useCallback, useEffect, useRef, useState } from 'react';
import { isKeyholeError } from '../../../../shared/errors';
import type { HistoryItem } from '../../../../shared/ipc';
import { isGrpcRequest, type HistoryEntry } from '../../../../shared/model';
import { api } from '../../lib/api';
import { useStore } from '../../lib/store';
import { newTab, tabs } from '../../state/tabs';
import { askChoice } from '../../ui/ask';
import { showRecorded } from '../grpc/calls';
import { CodeActions } from '../response/ResponseActions';

const message = (e: unknown): string => (isKeyholeError(e) ? e.message : String(e));

/** The tab's title: the request's own name, or its URL for a tab never named (the tab shows the method). */
function titleOf(e: HistoryEntry): string {
  return e.name && e.name !== 'New request' ? e.name : (e.composed.url || e.sent.url).slice(0, 80);
}

/** Today's entries by time only; older ones with their date. */
function when(iso: string): string {
  const d = new Date(iso);
  const time = d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  return d.toDateString() === new Date().toDateString() ? time : `${d.toLocaleDateString()} ${time}`;
}

/** A gRPC call, or one that could not start (its URL names the grpc:// server). */
const isGrpcRow = (h: HistoryItem): boolean => h.grpc !== undefined || /^grpcs?:/i.test(h.url);

/** A gRPC status as a colour: OK green, anything else (a refusal, an error) orange. */
const grpcClass = (status: string | undefined): string => (status === 'OK' ? 's2' : 's4');

/**
 * The request history: every send from the app, every WebSocket it opened and every gRPC call it
 * made, newest first, searchable. An entry re-opens as composed (headers, body, auth, settings; a
 * WebSocket's subprotocols and the messages sent on it; a gRPC call's method, metadata and
 * message, with the call as recorded shown beside) in a new tab; secret values the history never
 * keeps are named, so the user knows what to type again.
 */
export function HistoryPanel() {
  const [query, setQuery] = useState('');
  const [items, setItems] = useState<HistoryItem[]>([]);
  const [note, setNote] = useState<string>();
  const [error, setError] = useState<string>();
  const clearButton = useRef<HTMLButtonElement>(null);
  // Answers to earlier keystrokes can arrive after later ones: only the latest one is shown.
  const asked = useRef(0);

  const load = useCallback((): void => {
    const n = ++asked.current;
    api['history.list'](query.trim() ? { query } : {}).then(
      (list) => { if (n === asked.current) { setItems(list); setError(undefined); } },
      (e: unknown) => { if (n === asked.current) setError(message(e)); },
    );
  }, [query]);

  // A send that failed is in the history too, and fires no 'keyhole:sent': the list also follows
  // the moment no tab is sending any more.
  const sending = useStore(tabs, (s) => s.tabs.some((t) => t.sendId !== undefined));
  useEffect(() => {
    if (!sending) load();
    window.addEventListener('keyhole:sent', load);
    return () => window.removeEventListener('keyhole:sent', load);
  }, [load, sending]);

  const reopen = async (id: string): Promise<void> => {
    try {
      const entry = await api['history.get']({ id });
      const title = titleOf(entry);
      const tabId = newTab({ ...entry.composed, name: title }, { collectionId: entry.collectionId });
      if (isGrpcRequest(entry.composed)) showRecorded(tabId, entry);
      setNote(entry.omitted.length === 0
        ? undefined
        : `Opened “${title}” in a new tab. Not kept in the history, so type again before sending: ${entry.omitted.join(', ')}.`);
    } catch (e) {
      setError(message(e));
    }
  };

  const clear = async (): Promise<void> => {
    const choice = await askChoice({
      title: 'Clear history',
      message: `Remove ${query.trim() ? 'every entry, not only the ones shown,' : `all ${items.length} ${items.length === 1 ? 'entry' : 'entries'}`} from the history? This cannot be undone.`,
      choices: [{ id: 'cancel', label: 'Cancel' }, { id: 'clear', label: 'Clear history', tone: 'danger' }],
      cancel: 'cancel', primary: 'clear',
    });
    clearButton.current?.focus();
    if (choice !== 'clear') return;
    try {
      await api['history.clear']({});
      setNote(undefined);
      load();
    } catch (e) {
      setError(message(e));
    }
  };

  const empty = items.length === 0 && !query.trim();
  return (
    <section className="history-panel" aria-label="History">
      <div className="row">
        <input type="search" className="grow" aria-label="Search history" placeholder="Search history" title="Matches method, URL, status and request name" value={query} onChange={(e) => setQuery(e.target.value)} />
        <button ref={clearButton} type="button" disabled={empty} title={empty ? 'The history is empty' : undefined} onClick={() => void clear()}>Clear history</button>
      </div>
      {error && <p role="alert" className="bad">{error}</p>}
      {note && <p role="note" aria-label="Secrets not kept" className="notice">{note}</p>}
      {items.length === 0
        ? <p className="muted">{query.trim() ? `Nothing in the history matches “${query.trim()}”.` : 'Requests you send appear here.'}</p>
        : (
          <ul className="history" aria-label="History entries">
            {items.map((h) => (
              <li key={h.id}>
                <button type="button" className="history-row" onClick={() => void reopen(h.id)} title={`${h.name ?? ''}\n${h.method} ${h.url}`.trim()}>
                  <span className="line">
                    {h.grpc?.status
                      ? <span className={`status ${grpcClass(h.grpc.status)}`} aria-label="gRPC status">{h.grpc.status}</span>
                      : <span className={`status s${Math.floor(h.status / 100)}`}>{h.status || h.errorCode || 'error'}</span>}{' '}
                    {h.websocket
                      ? <span className="method m-ws" aria-label="WebSocket">WS</span>
                      : isGrpcRow(h)
                        ? <span className="method m-grpc" aria-label="gRPC">gRPC</span>
                        : <span className={`method m-${h.method.toLowerCase()}`}>{h.method}</span>}{' '}
                    <time className="muted" dateTime={h.startedAt}>{when(h.startedAt)}</time>
                    {h.frames && <span className="muted counts" aria-label={h.grpc ? 'Messages' : 'Frames'}>{' '}{h.frames.sent} sent, {h.frames.received} received</span>}
                  </span>
                  {/* A call's method path is what tells calls to one server apart; the full URL is in the title. */}
                  <span className="url">{h.grpc ? h.grpc.rpc : h.url}</span>
                </button>
                {/* A gRPC call is no HTTP request: a cURL command or an HTTP client's code would not make it. */}
                {!isGrpcRow(h) && <CodeActions source={{ kind: 'history', id: h.id }} />}
              </li>
            ))}
          </ul>
        )}
    </section>
  );
}
