import { memo, useCallback, useDeferredValue, useMemo, useState, type ReactNode } from 'react';
import type { StreamKind, StreamMessage } from '../../../../shared/model';
import { formatBytes } from '../../lib/body';
import { isDivider, type Divider, type LogRow } from './shown-log';
import { VirtualRows } from './VirtualRows';
import { Select } from '../../ui';
import './stream.css';

const ROW = 22;
type Direction = 'all' | 'in' | 'out' | 'info';

export interface MessageListProps {
  kind: StreamKind | undefined;
  /** Messages, and dividers where a new connection starts (always shown, whatever the filter). */
  messages: readonly LogRow[];
  /** Older messages kept only in the log file. */
  omitted?: number | undefined;
  /** Says what is not shown, instead of `omitted`'s count (a live log capped in the renderer). */
  notShown?: string | undefined;
  /** Follow the newest message while the stream runs. */
  live?: boolean | undefined;
  /** Buttons the owner adds to the toolbar (Stop, Ping, Clear...). */
  children?: ReactNode;
}

/**
 * A stream's log: time, direction, what it is (text, binary, event name and id, close code), size
 * and data, with a direction filter, a search, and the selected message in full below (JSON
 * pretty-printed). Virtualised, so ten thousand events stay as quick as ten.
 */
export const MessageList = memo(function MessageList({ kind, messages, omitted = 0, notShown, live, children }: MessageListProps) {
  const [direction, setDirection] = useState<Direction>('all');
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState<StreamMessage | undefined>();
  const search = useDeferredValue(query.trim().toLowerCase());
  // Lines across the log (a reconnection) are kept whatever the filter; they and an event
  // stream's other notes (it ended, reconnecting failed) are not counted as messages. A WebSocket's
  // and a gRPC call's info rows (open, headers, status) are rows of their own.
  const eventStream = kind !== 'websocket' && kind !== 'grpc';
  const line = useCallback((m: LogRow): boolean => isDivider(m) || (eventStream && m.direction === 'info' && m.type === 'open'), [eventStream]);
  const note = useCallback((m: LogRow): boolean => isDivider(m) || (eventStream && m.direction === 'info'), [eventStream]);
  const shown = useMemo(() => (direction === 'all' && search === '' ? messages : messages.filter((m) => line(m) || isDivider(m) || ((direction === 'all' || m.direction === direction)
    && (search === '' || m.data.toLowerCase().includes(search) || (m.event ?? '').toLowerCase().includes(search) || (m.id ?? '') === search)))), [messages, direction, search, line]);
  const notes = useMemo(() => messages.reduce((n, m) => n + (note(m) ? 1 : 0), 0), [messages, note]);
  const shownNotes = useMemo(() => (shown === messages ? notes : shown.reduce((n, m) => n + (note(m) ? 1 : 0), 0)), [shown, messages, notes, note]);
  const what = kind === 'websocket' ? 'frames' : kind === 'grpc' ? 'messages' : kind === 'ndjson' ? 'lines' : 'events';
  const total = messages.length - notes + omitted;
  const count = (n: number): string => `${n} ${n === 1 ? what.slice(0, -1) : what}`;
  return (
    <div className="stream-log">
      <div className="stream-toolbar">
        {(kind === 'websocket' || kind === 'grpc') && (
          <Select<Direction> label="Show" value={direction} onChange={setDirection}
            options={[{ value: 'all', label: `all ${what}` }, { value: 'in', label: 'received' }, { value: 'out', label: 'sent' }, { value: 'info', label: kind === 'grpc' ? 'call' : 'connection' }]} />
        )}
        <input type="search" aria-label={`Search ${what}`} placeholder={`Search ${what}`} value={query} onChange={(e) => setQuery(e.target.value)} />
        <span className="muted" aria-label={`Number of ${what}`}>{shown.length === messages.length ? count(total) : `${shown.length - shownNotes} of ${count(total)}`}</span>
        {children}
      </div>
      {notShown !== undefined
        ? <p className="muted" aria-label="Not shown">{notShown}</p>
        : omitted > 0 && <p className="muted">{omitted} older {what} are in the log file only.</p>}
      <VirtualRows label={kind === 'websocket' ? 'Frames' : kind === 'grpc' ? 'Messages' : 'Events'} items={shown} rowHeight={ROW} follow={live}
        render={(m, _i, style) => (isDivider(m) ? <DividerRow key={m.seq} d={m} style={style} />
          : line(m) ? <DividerRow key={m.seq} d={reconnectDivider(m)} style={style} />
          : <Row key={m.seq} m={m} style={style} selected={selected?.seq === m.seq} onSelect={setSelected} />)} />
      {selected && <Detail m={selected} />}
    </div>
  );
});

/** What happened to the connection or call rather than a payload: no size to show. */
const NO_SIZE = new Set<StreamMessage['type']>(['open', 'close', 'error', 'headers', 'trailers', 'end', 'status']);

const arrow = (m: StreamMessage): string => (m.direction === 'out' ? '↑' : m.direction === 'in' ? '↓' : '·');

function label(m: StreamMessage): string {
  if (m.type === 'event') return `${m.event ?? 'message'}${m.id === undefined ? '' : ` #${m.id}`}`;
  if (m.type === 'close') return `close ${m.code ?? ''}`;
  if (m.type === 'status') return `status ${m.code ?? ''}`;
  return m.type;
}

function preview(m: StreamMessage): string {
  if (m.type === 'close') return m.reason ?? '';
  if (m.type === 'binary') return `binary (base64) ${m.data.slice(0, 120)}`;
  return m.data.length > 400 ? m.data.slice(0, 400) : m.data;
}

const Row = memo(function Row({ m, style, selected, onSelect }: { m: StreamMessage; style: { top: number; height: number }; selected: boolean; onSelect: (m: StreamMessage) => void }) {
  const bad = m.type === 'error' || (m.type === 'close' && m.code !== undefined && m.code !== 1000 && m.code !== 1005) || (m.type === 'status' && m.code !== 0);
  return (
    <div role="option" aria-selected={selected} className={`stream-row ${m.direction}${bad ? ' bad' : ''}`} style={style} data-seq={m.seq} onClick={() => onSelect(m)}>
      <span className="muted" title={m.at}>{(m.t / 1000).toFixed(3)}s</span>
      <span className="dir" aria-label={m.direction === 'out' ? 'sent' : m.direction === 'in' ? 'received' : 'connection'}>{arrow(m)}</span>
      <span>{label(m)}</span>
      <span className="muted">{NO_SIZE.has(m.type) ? '' : formatBytes(m.size)}</span>
      <span>{preview(m).replace(/\s+/g, ' ')}</span>
    </div>
  );
});

/** An event stream's "Reconnected (attempt 2), Last-Event-ID: 7" row, as the line it is across the log. */
function reconnectDivider(m: StreamMessage): Divider {
  return { divider: true, seq: m.seq, at: m.at, text: `Reconnected at ${new Date(m.at).toLocaleTimeString()}${m.data.replace(/^Reconnected/, '')}` };
}

function DividerRow({ d, style }: { d: Divider; style: { top: number; height: number } }) {
  return <div role="option" aria-selected={false} aria-disabled="true" className="stream-row divider" style={style} title={d.at}>{d.text}</div>;
}

function Detail({ m }: { m: StreamMessage }) {
  const pretty = useMemo(() => {
    if (m.type === 'binary') return undefined;
    const t = m.data.trim();
    if (!t.startsWith('{') && !t.startsWith('[')) return undefined;
    try { return JSON.stringify(JSON.parse(t), null, 2); } catch { return undefined; }
  }, [m]);
  const fields: [string, string | number | undefined][] = [
    ['time', m.at], ['direction', m.direction], ['type', m.type], ['size', formatBytes(m.size)],
    ['id', m.id], ['event', m.event], ['retry', m.retry], ['code', m.code], ['reason', m.reason],
  ];
  return (
    // Focusable: it scrolls, and a keyboard user must be able to scroll it (WCAG 2.1.1).
    <section className="stream-detail" aria-label="Selected message" tabIndex={0}>
      <div className="row">{fields.filter(([, v]) => v !== undefined).map(([k, v]) => <span key={k}><span className="muted">{k}</span> <code>{String(v)}</code></span>)}</div>
      {m.truncated && <p className="warn">Only the start of this message is shown; the whole of it is in the log file.</p>}
      {m.type === 'binary' && <p className="muted">Binary payload, shown as base64.</p>}
      {m.metadata && m.metadata.length > 0 && <ul aria-label="Metadata" className="stream-metadata">{m.metadata.map(([k, v], i) => <li key={i}><code>{k}: {v}</code></li>)}</ul>}
      <pre aria-label="Message data">{pretty ?? m.data}</pre>
    </section>
  );
}
