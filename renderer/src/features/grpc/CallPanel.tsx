import { useState } from 'react';
import type { ScriptReport } from '../../../../shared/ipc';
import type { GrpcStatus } from '../../../../shared/model';
import { useStore } from '../../lib/store';
import { TestResults, testCount } from '../response/TestResults';
import { MessageList } from '../stream/MessageList';
import { calls, clearCallLog, type CallState } from './calls';
import { ErrorCard } from './GrpcEditor';
import '../response/response.css';
import './grpc.css';

const STATE_TEXT: Record<CallState, string> = { starting: 'Calling…', open: 'Open', closing: 'Half-closed', closed: 'Ended', failed: 'Failed' };

/** OK green, a refusal or the caller's mistake orange, the server's or the network's trouble red. */
const SERVER_SIDE = new Set([2, 4, 8, 13, 14, 15]);
const statusClass = (s: GrpcStatus): string => (s.code === 0 ? 'c2' : SERVER_SIDE.has(s.code) ? 'c5' : 'c4');

const SECTIONS = ['Messages', 'Tests'] as const;
type Section = (typeof SECTIONS)[number];

/**
 * A gRPC tab's response side: the call's state and final status (name, number and message) as a
 * chip, the response headers and trailers, and the live log of messages both ways with time,
 * size and direction (filter, search, the selected one in full), beside the results of the
 * scripts that ran around the call. A refusal (16, 7: the result carries the inspector's
 * explanation) points at the inspector beside. A call re-opened from the history shows as it was
 * recorded, with the metadata it sent.
 */
export function CallPanel({ tabId, explained, tests }: { tabId: string; explained: boolean; tests?: ScriptReport | undefined }) {
  const c = useStore(calls, (s) => s[tabId]);
  const [section, setSection] = useState<Section>('Messages');
  if (!c) return <section className="response empty" aria-label="Response"><p className="muted">Invoke the method to call it (Ctrl/Cmd+Enter).</p></section>;
  const last = c.messages.at(-1);
  // A pre-request script that failed stopped the call: what the scripts said comes with the error.
  const report = tests ?? c.error?.tests;
  return (
    <section className="response" aria-label="Response">
      <div className="chips status-line">
        <span role="status" aria-label="Call state" className={`stream-state ${c.state === 'open' || c.state === 'starting' ? 'streaming' : c.state}`}>{STATE_TEXT[c.state]}</span>
        {c.status && (
          <span className={`chip status-chip ${statusClass(c.status)}`} role="status" aria-label="gRPC status" title={c.status.details}>
            {c.status.code} {c.status.name}
          </span>
        )}
        {c.status && c.status.details !== '' && c.status.details !== c.status.name && <span aria-label="Status message" className="grpc-details">{c.status.details}</span>}
        {c.rpc && <span className="muted" aria-label="Method called"><code>{c.rpc}</code>{c.callType ? ` (${c.callType})` : ''}</span>}
        {last && c.state === 'closed' && <span className="chip" aria-label="Time">{last.t.toFixed(0)} ms</span>}
      </div>
      {c.recorded && <p role="note" aria-label="Recorded call" className="muted">Recorded in the history at <time dateTime={c.recorded.at}>{new Date(c.recorded.at).toLocaleString()}</time>: Invoke calls it again.</p>}
      {explained && c.status && <p role="alert" className="warn grpc-refused">The server refused the call ({c.status.name}); the inspector says why.</p>}
      {c.ended && <p role="alert" className="warn">{c.ended}</p>}
      {c.error && <ErrorCard error={c.error} />}
      {(c.headers.length > 0 || c.trailers.length > 0 || c.state === 'closed') && (
        <details className="grpc-meta-box">
          <summary>{c.recorded ? `Metadata sent (${c.recorded.sent.length}), r` : 'R'}esponse headers ({c.headers.length}) and trailers ({c.trailers.length})</summary>
          <div className="grpc-meta">
            {c.recorded && <Pairs label="Metadata sent" pairs={c.recorded.sent} />}
            <Pairs label="Response headers" pairs={c.headers} />
            <Pairs label="Trailers" pairs={c.trailers} />
          </div>
        </details>
      )}
      <div role="tablist" aria-label="Response sections" className="tabs small">
        {SECTIONS.map((x) => <button key={x} role="tab" type="button" aria-selected={section === x} onClick={() => setSection(x)}>{x}{x === 'Tests' ? testCount(report) : ''}</button>)}
      </div>
      {section === 'Messages' && (
        <MessageList kind="grpc" messages={c.messages} omitted={c.omitted} notShown={c.recorded?.notShown} live={c.state !== 'closed' && c.state !== 'failed'}>
          <button type="button" onClick={() => clearCallLog(tabId)}>Clear</button>
        </MessageList>
      )}
      {section === 'Tests' && <div role="tabpanel" aria-label="Response Tests" className="section grow"><TestResults tests={report} /></div>}
    </section>
  );
}

function Pairs({ label, pairs }: { label: string; pairs: readonly [string, string][] }) {
  return (
    <table className="kv compact" aria-label={label}>
      <caption>{label}</caption>
      <tbody>
        {pairs.length === 0 && <tr><td className="muted">none</td></tr>}
        {pairs.map(([k, v], i) => <tr key={`${k}-${i}`}><th scope="row">{k}</th><td><code>{v}</code></td></tr>)}
      </tbody>
    </table>
  );
}
