import { memo, useState } from 'react';
import type { ShownExchange, ShownResult } from '../../../shared/ipc';
import { isGrpcRequest, isWebSocketRequest } from '../../../shared/model';
import { EventsView } from '../features/stream/EventsView';
import { LiveStreamPanel } from '../features/stream/LiveStreamPanel';
import { FramesPanel } from '../features/websocket/FramesPanel';
import { CallPanel } from '../features/grpc/CallPanel';
import type { Tab } from '../state/tabs';
import { RequestAsSent } from '../features/response/RequestAsSent';
import { CodeActions, ManageCookiesButton } from '../features/response/ResponseActions';
import { StatusChips } from '../features/response/StatusChips';
import { TestResults, testCount } from '../features/response/TestResults';
import { BodyView } from './BodyView';
import { Waterfall } from './Waterfall';

const SECTIONS = ['Body', 'Headers', 'Request', 'Cookies', 'Redirects', 'Timing', 'Tests'] as const;
type Section = (typeof SECTIONS)[number] | 'Events';

/**
 * Re-rendered only when this tab's response changes: typing in the URL bar changes the tab's
 * draft on every keystroke, and the response (a Monaco editor, maybe of a large body) must not
 * pay for it.
 */
export const ResponsePanel = memo(ResponsePanelView, (a, b) => a.tab.id === b.tab.id && a.tab.response === b.tab.response && a.tab.sendId === b.tab.sendId && a.tab.error === b.tab.error);

function ResponsePanelView({ tab }: { tab: Tab }) {
  if (isWebSocketRequest(tab.draft)) return <FramesPanel tabId={tab.id} />;
  if (isGrpcRequest(tab.draft)) return <CallPanel tabId={tab.id} explained={tab.response?.explanation !== undefined} tests={tab.response?.tests} />;
  // While sending, an answer that turns out to be an event stream shows its events as they arrive.
  if (tab.sendId) return <section className="response" aria-label="Response"><LiveStreamPanel sendId={tab.sendId} /></section>;
  if (tab.error) {
    return (
      <section className="response" aria-label="Response">
        <div role="alert" className="error-card"><strong>{tab.error.code}</strong>: {tab.error.message}{tab.error.hint && <p>{tab.error.hint}</p>}</div>
        {tab.error.tests && <section aria-label="Script results before the failure"><h3>Tests{testCount(tab.error.tests)}</h3><TestResults tests={tab.error.tests} /></section>}
      </section>
    );
  }
  if (!tab.response) {
    return (
      <section className="response empty" aria-label="Response">
        <p className="muted">Send the request to see the response (Ctrl/Cmd+Enter).</p>
        <CodeActions source={{ kind: 'tab', tabId: tab.id }} />
      </section>
    );
  }
  return <ResponseView result={tab.response} tab={tab} />;
}

/** One exchange: a tab's last send, or a Runner row's (no tab: no code actions, no cookie jar). */
export function ResponseView({ result, tab }: { result: ShownResult; tab?: Tab }) {
  const e = result.exchange;
  // An event stream opens on its events; its raw body stays one click away.
  const [section, setSection] = useState<Section>(e.stream ? 'Events' : 'Body');
  const sections: readonly Section[] = e.stream ? ['Events', ...SECTIONS] : SECTIONS;
  return (
    <section className="response" aria-label="Response">
      <div className="row">
        <StatusChips e={e} />
        <span className="grow" />
        {tab && <CodeActions source={{ kind: 'tab', tabId: tab.id }} />}
      </div>
      {e.warnings.length > 0 && <ul className="warnings" aria-label="Warnings">{e.warnings.map((w, i) => <li key={i}>{w}</li>)}</ul>}
      <div role="tablist" aria-label="Response sections" className="tabs small">
        {sections.map((x) => <button key={x} role="tab" type="button" aria-selected={section === x} onClick={() => setSection(x)}>{x}{x === 'Tests' ? testCount(result.tests) : ''}</button>)}
      </div>
      <div role="tabpanel" aria-label={`Response ${section}`} className="section grow">
        {section === 'Events' && e.stream && <EventsView stream={e.stream} />}
        {section === 'Body' && <BodyView exchange={e} />}
        {section === 'Headers' && <HeaderTable label="Response headers" headers={e.response.headers} />}
        {section === 'Request' && <RequestAsSent e={e} />}
        {section === 'Cookies' && <><Cookies e={e} />{tab && <ManageCookiesButton collectionId={tab.collectionId} />}</>}
        {section === 'Redirects' && <Hops e={e} />}
        {section === 'Timing' && <Waterfall timings={e.timings} />}
        {section === 'Tests' && <TestResults tests={result.tests} />}
      </div>
    </section>
  );
}

function HeaderTable({ label, headers }: { label: string; headers: readonly (readonly [string, string])[] }) {
  return (
    <table className="kv compact" aria-label={label}>
      <tbody>{headers.map(([k, v], i) => <tr key={i}><th scope="row">{k}</th><td><code>{v}</code></td></tr>)}</tbody>
    </table>
  );
}

function Cookies({ e }: { e: ShownExchange }) {
  const set = e.response.headers.filter(([k]) => k.toLowerCase() === 'set-cookie').map(([, v]) => v);
  const sent = e.request.headers.filter(([k]) => k.toLowerCase() === 'cookie').map(([, v]) => v);
  return (
    <div>
      <h3>Set by this response</h3>
      {set.length === 0 ? <p className="muted">None.</p> : <ul>{set.map((c, i) => <li key={i}><code>{c}</code></li>)}</ul>}
      <h3>Sent with the request</h3>
      {sent.length === 0 ? <p className="muted">None.</p> : <ul>{sent.map((c, i) => <li key={i}><code>{c}</code></li>)}</ul>}
    </div>
  );
}

function Hops({ e }: { e: ShownExchange }) {
  if (e.hops.length === 0) return <p className="muted">No redirects: the response came from the first request.</p>;
  return (
    <ol className="hops" aria-label="Redirect hops">
      {e.hops.map((h, i) => (
        <li key={i}>
          <strong>{h.status} {h.statusText}</strong> {h.request.method} <code>{h.request.url}</code>
          {h.location && <> → <code>{h.location}</code></>}
          {h.removedHeaders.length > 0 && <p className="warn">Dropped headers: {h.removedHeaders.join(', ')}{h.removedReason ? ` (${h.removedReason})` : ''}</p>}
          {h.removedHeaders.length === 0 && h.removedReason && <p className="muted">{h.removedReason}</p>}
        </li>
      ))}
      <li><strong>{e.response.status} {e.response.statusText}</strong> {e.request.method} <code>{e.request.url}</code> (final)</li>
    </ol>
  );
}
