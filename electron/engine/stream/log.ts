import { randomUUID } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { StreamClose, StreamKind, StreamLog, StreamMessage, StreamMessageInput } from '../../../shared/model';
import { isoTime } from '../http/iso-time';

export interface StreamLogOptions {
  /** Bytes of message data kept in memory (the request's maxBodyInMemoryBytes); past it the log spills to a file. */
  maxInMemoryBytes: number;
  /** Bytes of payload the stream may carry in all (maxDecodedBodyBytes); `append` says when it is past. */
  maxTotalBytes: number;
  tempDir: string;
  now: () => Date;
  /** Masks the request's secret values in text data (shared/mask.ts redactor). */
  redact?: ((text: string) => string) | undefined;
}

export interface StreamPoll {
  /** Messages from `after` on (the oldest kept when `after` was let go), at most `limit` of them. */
  messages: StreamMessage[];
  /** The cursor for the next poll. */
  next: number;
  /** Messages before the first kept in memory: in the log file only. */
  omitted: number;
}

/** A single message's text kept in memory at most: a 50 MB frame is in the log file, its start on screen. */
const MAX_MESSAGE_CHARS = 1024 * 1024;

/**
 * The live log of one stream (a WebSocket connection, an SSE or NDJSON response), shared by the
 * app's polls, the CLI's printer and the exchange it ends up in. Memory is bounded like a response
 * body's: the newest messages that fit in `maxInMemoryBytes` stay; past it (or when one message had
 * to be cut) every message goes to a JSON-lines file in `tempDir`, so nothing is lost.
 */
export class StreamLogWriter {
  private kept: StreamMessage[] = [];
  private dropped = 0;
  private held = 0;
  private total = 0;
  private file: { path: string; out: WriteStream } | undefined;
  private readonly listeners = new Set<(m: StreamMessage) => void>();
  private readonly t0 = performance.now();
  private finished = false;
  protocol: string | undefined;
  close: StreamClose | undefined;
  ended: string | undefined;

  constructor(readonly kind: StreamKind, private readonly o: StreamLogOptions) {}

  /** Bytes of payload seen so far (both directions). */
  get bytes(): number {
    return this.total;
  }

  /** How many messages were logged in all. */
  get count(): number {
    return this.dropped + this.kept.length;
  }

  /** Whether the payload so far is past `maxTotalBytes`: the caller ends the stream. */
  get overCap(): boolean {
    return this.total > this.o.maxTotalBytes;
  }

  append(input: StreamMessageInput): StreamMessage {
    const redact = this.o.redact;
    const textual = input.type !== 'binary';
    let data = textual && redact ? redact(input.data) : input.data;
    let truncated = input.truncated ?? false;
    const whole = data;
    if (data.length > MAX_MESSAGE_CHARS) {
      data = data.slice(0, MAX_MESSAGE_CHARS);
      truncated = true;
    }
    // Built field by field, not spread: a busy socket logs tens of thousands of these a second.
    const m: StreamMessage = {
      seq: this.count, t: Math.round((performance.now() - this.t0) * 10) / 10, at: isoTime(this.o.now()),
      direction: input.direction, type: input.type, data, size: input.size, truncated,
    };
    if (input.id !== undefined) m.id = input.id;
    if (input.event !== undefined) m.event = input.event;
    if (input.retry !== undefined) m.retry = input.retry;
    if (input.code !== undefined) m.code = input.code;
    if (input.reason !== undefined) m.reason = redact ? redact(input.reason) : input.reason;
    if (input.metadata !== undefined) m.metadata = redact ? input.metadata.map(([k, v]) => [k, redact(v)]) : input.metadata;
    this.total += input.size;
    this.kept.push(m);
    this.held += data.length;
    if (truncated || this.held > this.o.maxInMemoryBytes) this.spill();
    if (this.file) this.file.out.write(`${JSON.stringify(truncated ? { ...m, data: whole, truncated: false } : m)}\n`);
    while (this.held > this.o.maxInMemoryBytes && this.kept.length > 1) {
      const first = this.kept.shift() as StreamMessage;
      this.held -= first.data.length;
      this.dropped += 1;
    }
    for (const l of this.listeners) l(m);
    return m;
  }

  /** Calls `fn` for every message appended from now on; returns the unsubscribe. */
  subscribe(fn: (m: StreamMessage) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  poll(after: number, limit = 5_000): StreamPoll {
    const from = Math.max(0, after - this.dropped);
    const messages = this.kept.slice(from, from + limit);
    return { messages, next: this.dropped + from + messages.length, omitted: this.dropped };
  }

  /** The log as its exchange carries it. */
  snapshot(): StreamLog {
    return {
      kind: this.kind,
      messages: this.kept.slice(),
      omitted: this.dropped,
      ...(this.file ? { file: this.file.path } : {}),
      ...(this.protocol === undefined ? {} : { protocol: this.protocol }),
      ...(this.close ? { close: this.close } : {}),
      ...(this.ended === undefined ? {} : { ended: this.ended }),
    };
  }

  /** Flushes the log file (when there is one); later appends are not written to it. */
  async finish(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    this.listeners.clear();
    const f = this.file;
    if (f) await new Promise<void>((resolve) => f.out.end(() => resolve()));
  }

  private spill(): void {
    if (this.file || this.finished) return;
    const path = join(this.o.tempDir, `keyhole-${this.kind}-${randomUUID()}.jsonl`);
    const out = createWriteStream(path, { mode: 0o600 });
    // A full disk must not end the connection: the log keeps what memory holds.
    out.on('error', () => undefined);
    for (const m of this.kept.slice(0, -1)) out.write(`${JSON.stringify(m)}\n`);
    this.file = { path, out };
  }
}
