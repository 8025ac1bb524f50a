import { useEffect, useState } from 'react';
import type { StreamProgress } from '../../../../shared/ipc';
import type { StreamKind } from '../../../../shared/model';
import { api } from '../../lib/api';
import { appendPage, EMPTY_LOG, type ShownLog } from './shown-log';

export interface LiveStream {
  state: StreamProgress['state'];
  kind?: StreamKind | undefined;
  /** The newest events (capped), and what is not shown. */
  log: ShownLog;
  /** While the stream waits to reconnect: when it will (ISO time). */
  reconnectAt?: string | undefined;
}

const EMPTY: LiveStream = { state: 'waiting', log: EMPTY_LOG };
const POLL_MS = 100;

/**
 * The events of a request.send in flight, polled with a cursor (stream.poll) while the component
 * is mounted: the tab shows them as they arrive, and the finished exchange takes over after.
 */
export function useLiveStream(sendId: string): LiveStream {
  const [live, setLive] = useState<LiveStream>(EMPTY);
  useEffect(() => {
    let stopped = false;
    let after = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async (): Promise<void> => {
      try {
        const p = await api['stream.poll']({ id: sendId, after });
        if (stopped) return;
        const from = after;
        after = p.next;
        if (p.messages.length > 0 || p.state !== 'waiting') {
          setLive((prev) => ({ state: p.state, kind: p.kind, reconnectAt: p.reconnectAt, log: appendPage(prev.log, { messages: p.messages, after: from, file: p.file }) }));
        }
        if (p.state === 'done') return;
        // A full page means more is waiting: ask again at once.
        timer = setTimeout(() => void tick(), p.messages.length >= 5_000 ? 0 : POLL_MS);
      } catch {
        if (!stopped) timer = setTimeout(() => void tick(), POLL_MS * 5);
      }
    };
    void tick();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [sendId]);
  return live;
}
