import { useEffect, useState } from 'react';
import { api } from '../../lib/api';
import { MessageList } from './MessageList';
import { notShownText } from './shown-log';
import { useLiveStream } from './live';

/**
 * What a tab shows while its request is being sent: "Sending…", and once the answer turns out to
 * be an event stream (SSE, NDJSON), its events as they arrive with a Stop button that ends it
 * (the send then completes with what arrived). An event stream that ended and waits to reconnect
 * says so, counting down; Stop ends the waiting too.
 */
export function LiveStreamPanel({ sendId }: { sendId: string }) {
  const live = useLiveStream(sendId);
  if (live.state === 'waiting' || !live.kind) return <p role="status" aria-busy="true">Sending…</p>;
  return (
    <>
      <p role="status" aria-busy="true" aria-label="Stream state">
        {live.state === 'reconnecting' && live.reconnectAt
          ? <Countdown at={live.reconnectAt} />
          : <span className="stream-state streaming">Streaming</span>}
        {' '}<span className="muted">{live.kind === 'sse' ? 'text/event-stream' : 'NDJSON'}</span>
      </p>
      <MessageList kind={live.kind} messages={live.log.rows} notShown={notShownText(live.log, live.kind === 'ndjson' ? 'lines' : 'events')} live>
        <button type="button" className="danger" onClick={() => void api['stream.stop']({ id: sendId })}>Stop</button>
      </MessageList>
    </>
  );
}

/** "Reconnecting in 3 s", counting down to the engine's reconnect time. */
function Countdown({ at }: { at: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, []);
  const seconds = Math.max(0, Math.ceil((Date.parse(at) - now) / 1000));
  return <span className="stream-state reconnecting">Reconnecting in {seconds} s</span>;
}
