import { api } from '../../lib/api';
import { MessageList } from './MessageList';
import { notShownText } from './shown-log';
import { useLiveStream } from './live';

/**
 * What a tab shows while its request is being sent: "Sending…", and once the answer turns out to
 * be an event stream (SSE, NDJSON), its events as they arrive with a Stop button that ends it
 * (the send then completes with what arrived).
 */
export function LiveStreamPanel({ sendId }: { sendId: string }) {
  const live = useLiveStream(sendId);
  if (live.state === 'waiting' || !live.kind) return <p role="status" aria-busy="true">Sending…</p>;
  return (
    <>
      <p role="status" aria-busy="true"><span className="stream-state streaming">Streaming</span> <span className="muted">{live.kind === 'sse' ? 'text/event-stream' : 'NDJSON'}</span></p>
      <MessageList kind={live.kind} messages={live.log.rows} notShown={notShownText(live.log, live.kind === 'ndjson' ? 'lines' : 'events')} live>
        <button type="button" className="danger" onClick={() => void api['stream.stop']({ id: sendId })}>Stop</button>
      </MessageList>
    </>
  );
}
