import type { HistoryConnection, HistoryFrame, StreamMessage } from '../../../shared/model';
import type { StreamLogWriter } from '../stream/log';
import { cutUtf8 } from './sent';

export interface FrameCaps {
  /** Sent frames kept (a user types few; a script may send many). */
  sent: number;
  /** Received frames kept: the first ones, a sample of what the server says. */
  received: number;
  /** Bytes of one frame's data kept. */
  bytes: number;
}

export const DEFAULT_FRAME_CAPS: FrameCaps = { sent: 200, received: 50, bytes: 4 * 1024 };

/**
 * Follows a WebSocket's log (or a gRPC call's) for its history entry: the frames (messages) sent and the first received,
 * each cut at `caps.bytes`, and how many went each way. It catches up with what the log holds
 * when it starts, so frames that arrived with the handshake are not missed. The log's data is
 * masked already (the connection's redactor).
 */
export class FrameSample {
  private readonly sent: HistoryFrame[] = [];
  private readonly received: HistoryFrame[] = [];
  private sentCount = 0;
  private receivedCount = 0;
  private readonly unsubscribe: () => void;

  constructor(private readonly log: StreamLogWriter, private readonly caps: FrameCaps = DEFAULT_FRAME_CAPS) {
    for (const m of log.snapshot().messages) this.add(m);
    this.unsubscribe = log.subscribe((m) => this.add(m));
  }

  /** What the connection carried, for HistoryEntry.connection; stops following the log. */
  finish(durationMs: number): HistoryConnection {
    this.unsubscribe();
    const s = this.log.snapshot();
    return {
      kind: s.kind === 'grpc' ? 'grpc' : 'websocket',
      ...(s.protocol === undefined ? {} : { protocol: s.protocol }),
      sent: this.sent, sentCount: this.sentCount,
      received: this.received, receivedCount: this.receivedCount,
      ...(s.close ? { close: s.close } : {}),
      durationMs: Math.round(durationMs),
      ...(s.file === undefined ? {} : { file: s.file }),
    };
  }

  private add(m: StreamMessage): void {
    if (m.type !== 'text' && m.type !== 'binary' && m.type !== 'message') return;
    const out = m.direction === 'out';
    if (!out && m.direction !== 'in') return;
    if (out) this.sentCount += 1;
    else this.receivedCount += 1;
    const list = out ? this.sent : this.received;
    if (list.length >= (out ? this.caps.sent : this.caps.received)) return;
    // Base64 is ASCII, so the byte cut of binary data is a character cut.
    const data = cutUtf8(m.data, this.caps.bytes);
    list.push({ type: m.type, data, size: m.size, truncated: m.truncated || data !== m.data, t: m.t });
  }
}
