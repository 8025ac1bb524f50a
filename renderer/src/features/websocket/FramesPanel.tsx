import { ResponseView } from '../../components/ResponsePanel';
import { useStore } from '../../lib/store';
import { MessageList } from '../stream/MessageList';
import { notShownText } from '../stream/shown-log';
import { clearLog, connections, pingOnTab } from './connections';
import '../response/response.css';

const STATE_TEXT = { connecting: 'Connecting…', open: 'Connected', closing: 'Closing…', closed: 'Closed', refused: 'Refused', failed: 'Failed' } as const;

/**
 * A WebSocket tab's response side: the connection's state and handshake, and the live frame log
 * (time, direction, type, size, data; close code and reason) with filter, search, ping and clear.
 * A refused handshake shows as the exchange it was; the inspector beside explains it.
 */
export function FramesPanel({ tabId }: { tabId: string }) {
  const c = useStore(connections, (s) => s[tabId]);
  if (!c) return <section className="response empty" aria-label="Response"><p className="muted">Connect to open the WebSocket (Ctrl/Cmd+Enter).</p></section>;
  if (c.state === 'refused' && c.handshake) {
    return (
      <>
        <p role="alert" className="warn ws-refused">The server refused the WebSocket handshake; the inspector says why.</p>
        <ResponseView result={c.handshake} />
      </>
    );
  }
  const hs = c.handshake?.exchange;
  return (
    <section className="response" aria-label="Response">
      <div className="chips status-line">
        <span role="status" aria-label="Connection state" className={`chip stream-state ${c.state}`}>{STATE_TEXT[c.state]}</span>
        {hs && <span className="chip" aria-label="Handshake">{hs.response.status} {hs.response.statusText} in {hs.timings.total.toFixed(0)} ms</span>}
        {c.protocol && <span className="chip" aria-label="Subprotocol">subprotocol <code>{c.protocol}</code></span>}
        {c.close && <span aria-label="How it closed" className={`chip ${c.close.code === 1000 ? 'muted' : 'warn'}`}>closed by the {c.close.by}: {c.close.code}{c.close.reason ? ` "${c.close.reason}"` : ''}</span>}
      </div>
      {c.error && <div role="alert" className="error-card"><strong>{c.error.code}</strong>: {c.error.message}{c.error.hint && <p>{c.error.hint}</p>}</div>}
      <MessageList kind="websocket" messages={c.log.rows} notShown={notShownText(c.log, 'frames')} live>
        <button type="button" disabled={c.state !== 'open'} onClick={() => void pingOnTab(tabId)}>Ping</button>
        <button type="button" onClick={() => clearLog(tabId)}>Clear</button>
      </MessageList>
    </section>
  );
}
