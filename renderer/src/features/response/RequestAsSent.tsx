import { useState } from 'react';
import { isCredentialHeader, MASK } from '../../../../shared/mask';
import type { ShownExchange } from '../../../../shared/ipc';
import type { SentRequest } from '../../../../shared/model';
import { api } from '../../lib/api';
import { formatBytes } from '../../lib/body';
import { errorText } from './code-source';
import './response.css';

/**
 * What went on the wire: the final URL with variables resolved, every header (the auth scheme's,
 * the generated ones, the cookies) with credentials masked, the body, and each redirect hop's
 * request. A masked value is revealed only on a click, one header at a time, by the engine
 * (exchange.reveal): the renderer never holds a secret it was not asked to show.
 */
export function RequestAsSent({ e }: { e: ShownExchange }) {
  return (
    <div className="as-sent" aria-label="Request as sent">
      {e.hops.map((h, i) => (
        <section key={i} aria-label={`Redirect hop ${i + 1}`}>
          <h4>Hop {i + 1}: {h.status} {h.statusText}{h.location ? ` → ${h.location}` : ''}</h4>
          <Sent exchangeId={e.id} hop={i} r={h.request} />
          {h.removedHeaders.length > 0 && <p className="warn">Not forwarded to the next hop: {h.removedHeaders.join(', ')}{h.removedReason ? ` (${h.removedReason})` : ''}</p>}
        </section>
      ))}
      <section aria-label="Final request">
        {e.hops.length > 0 && <h4>Final request</h4>}
        <Sent exchangeId={e.id} r={e.request} />
      </section>
      {e.authLog.length > 0 && (
        <><h4>Auth</h4><ul aria-label="Auth log">{e.authLog.map((l, i) => <li key={i}>{l.scheme}{l.profile ? ` (profile ${l.profile}${l.environment ? ` of ${l.environment}` : ''})` : ''}: {l.message}</li>)}</ul></>
      )}
    </div>
  );
}

function Sent({ exchangeId, hop, r }: { exchangeId: string; hop?: number; r: SentRequest }) {
  return (
    <>
      <p className="url"><strong>{r.method}</strong> <code aria-label="Sent URL">{r.url}</code></p>
      <table className="kv compact" aria-label={hop === undefined ? 'Sent headers' : `Sent headers of hop ${hop + 1}`}>
        <tbody>{r.headers.map(([k, v], i) => <HeaderRow key={i} exchangeId={exchangeId} hop={hop} index={i} name={k} value={v} />)}</tbody>
      </table>
      <h4>Body</h4>
      {r.bodySize === 0 && !r.bodyPreview ? <p className="muted">No body.</p>
        : <><p className="muted">{formatBytes(r.bodySize)}</p>{r.bodyPreview && <pre aria-label="Sent body">{r.bodyPreview}</pre>}</>}
    </>
  );
}

function HeaderRow({ exchangeId, hop, index, name, value }: { exchangeId: string; hop: number | undefined; index: number; name: string; value: string }) {
  const [shown, setShown] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const masked = value.includes(MASK) || (isCredentialHeader(name) && value !== '');
  const reveal = (): void => {
    api['exchange.reveal']({ id: exchangeId, header: index, ...(hop === undefined ? {} : { hop }) }).then(
      (r) => { setShown(r.value); setError(undefined); },
      (e: unknown) => setError(errorText(e)),
    );
  };
  return (
    <tr>
      <th scope="row">{name}</th>
      <td>
        <code className={masked && shown === undefined ? 'masked' : ''}>{shown ?? value}</code>
        {masked && (shown === undefined
          ? <button type="button" className="reveal" aria-label={`Reveal ${name}`} onClick={reveal}>Reveal</button>
          : <button type="button" className="reveal" aria-label={`Hide ${name}`} onClick={() => setShown(undefined)}>Hide</button>)}
        {error && <span className="bad" role="alert"> {error}</span>}
      </td>
    </tr>
  );
}
