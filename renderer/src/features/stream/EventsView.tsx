import type { StreamLog } from '../../../../shared/model';
import { MessageList } from './MessageList';

/** A finished stream's events (or a WebSocket run's frames): the response panel's Events section. */
export function EventsView({ stream }: { stream: StreamLog }) {
  return (
    <div className="stream-log">
      {stream.ended && <p className="muted" aria-label="How the stream ended">Ended: {stream.ended}</p>}
      {stream.file && <p className="muted">The whole log is in <code>{stream.file}</code>.</p>}
      <MessageList kind={stream.kind} messages={stream.messages} omitted={stream.omitted} />
    </div>
  );
}
