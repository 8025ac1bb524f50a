import { useId, type ReactNode } from 'react';
import type { ShownExchange } from '../../../../shared/ipc';
import { formatBytes } from '../../lib/body';
import { reasonPhrase, statusMeaning } from '../../lib/status-text';
import './response.css';

/**
 * A chip that explains itself on hover and on keyboard focus: the tip is its accessible
 * description, kept outside the labelled element so a live status does not read it out.
 */
function Chip({ label, className = '', tip, role, exchange, children }: { label: string; className?: string; tip: ReactNode; role?: 'status'; exchange?: string; children: ReactNode }) {
  const id = useId();
  return (
    <span className={`chip chip-tip ${className}`}>
      <span tabIndex={0} role={role} aria-label={label} aria-describedby={id} data-exchange={exchange}>{children}</span>
      <span role="tooltip" id={id} className="tip">{tip}</span>
    </span>
  );
}

const PHASES = [['dns', 'DNS lookup'], ['connect', 'TCP connect'], ['tls', 'TLS handshake'], ['firstByte', 'Waiting (first byte)'], ['download', 'Download']] as const;

/**
 * The status row: the status once, with its reason, coloured by class (2xx green, 3xx blue, 4xx
 * orange, 5xx red) and its meaning on hover; time with its phases; size with headers, wire and
 * decoded bytes.
 */
export function StatusChips({ e }: { e: ShownExchange }) {
  const s = e.response.status;
  const reason = e.response.statusText || reasonPhrase(s);
  const r = e.response;
  return (
    <div className="chips status-line">
      <Chip label="Response status" role="status" exchange={e.id} className={`status-chip c${Math.floor(s / 100)}`} tip={<><strong>{s} {reason}</strong><br />{statusMeaning(s)}</>}>
        {s} {reason}
      </Chip>
      <Chip label="Time" tip={(
        <table aria-label="Timing breakdown"><tbody>
          {PHASES.map(([k, name]) => <tr key={k}><td>{name}</td><td>{e.timings[k].toFixed(1)} ms</td></tr>)}
          <tr><td><strong>Total</strong></td><td><strong>{e.timings.total.toFixed(1)} ms</strong></td></tr>
        </tbody></table>
      )}>{e.timings.total.toFixed(0)} ms</Chip>
      <Chip label="Size" tip={(
        <table aria-label="Size breakdown"><tbody>
          <tr><td>Headers</td><td>{formatBytes(r.headersSize)}</td></tr>
          <tr><td>Body on the wire{r.contentEncoding.length > 0 ? ` (${r.contentEncoding.join(', ')})` : ''}</td><td>{formatBytes(r.bodySizeCompressed)}</td></tr>
          <tr><td>Body decoded</td><td>{formatBytes(r.bodySizeDecoded)}</td></tr>
        </tbody></table>
      )}>{formatBytes(r.bodySizeDecoded)}</Chip>
      <span className="chip" aria-label="Protocol">HTTP/{r.httpVersion}</span>
      {e.hops.length > 0 && <span className="chip" aria-label="Redirects">{e.hops.length} redirect{e.hops.length > 1 ? 's' : ''}</span>}
    </div>
  );
}
