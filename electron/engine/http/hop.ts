import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { Readable, type Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Dispatcher } from 'undici';
import { KeyholeError } from '../../../shared/errors';
import type { HeaderList, ResponseBody, StreamKind, StreamLog } from '../../../shared/model';
import { streamKindOf } from '../stream/event-stream';
import { readEventStream } from '../stream/read-event-stream';
import type { StreamLogWriter } from '../stream/log';
import { ByteCounter, decodePlan, decodedTooLarge, parseContentEncoding } from './decode';
import { flatHeaders, getHeader, headerBlockSize, pairsFromRaw } from './headers';
import { connectionFacts, newProbe, releaseProbe, runWithProbe, type ConnectionFacts, type HopProbe } from './probe';
import type { Cancel } from './cancel';
import { BodySink, DiscardSink } from './response-body';

export interface HopInput {
  dispatcher: Dispatcher;
  url: URL;
  /** The request line's path and query when they must go as written, not as `url` normalised them. */
  path?: string | undefined;
  method: string;
  headers: HeaderList;
  body: Readable | Buffer | undefined;
  /** Aborts the hop; its reason (a KeyholeError) is what the hop rejects with. */
  cancel: Cancel;
  /** Decides after the status line whether the body is kept (final response) or drained (redirect). */
  keepBody: (status: number, headers: HeaderList) => boolean;
  maxBodyInMemoryBytes: number;
  maxDecodedBodyBytes: number;
  tempDir: string;
  /**
   * Makes the live log of an event-stream answer (SSE, NDJSON), whose events are logged as they
   * arrive; without it such a body is read like any other.
   */
  openStream?: ((kind: StreamKind) => StreamLogWriter) | undefined;
  /** Ends an event stream early, keeping what arrived (the user's Stop). */
  stopStream?: AbortSignal | undefined;
}

export interface HopResult {
  status: number;
  statusText: string;
  headers: HeaderList;
  headersSize: number;
  body: ResponseBody;
  bodySizeCompressed: number;
  bodySizeDecoded: number;
  contentEncoding: string[];
  warnings: string[];
  /** Milliseconds from dispatch to the response head, and from there to the body's end. */
  firstByte: number;
  download: number;
  connection: ConnectionFacts;
  /** The events of an event-stream answer. */
  stream?: StreamLog | undefined;
}

interface Head {
  status: number;
  statusText: string;
  headers: HeaderList;
  /** Whether the body is the answer (kept) or a redirect's (drained); decided once, at the status line. */
  keep: boolean;
  contentEncoding: string[];
  /** An event stream (SSE, NDJSON): read as events arrive, never collected whole first. */
  streamKind?: StreamKind | undefined;
  /** The body as a stream: redirects, encoded bodies, and bodies that outgrew memory. */
  source?: Readable | undefined;
  /** A kept body with nothing to decode, collected whole by the handler (then `source` is unset). */
  chunks?: Buffer[] | undefined;
  bytes: number;
  control: HopControl;
  at: number;
  /** Bytes received on the wire so far (final once the body has been read). */
  compressed: () => number;
}

const EMPTY: ResponseBody = { storage: 'inline', base64: '' };
const ignore = (): void => undefined;

/** Sends one request (no redirect handling) and reads its response through decoding into storage. */
export async function runHop(input: HopInput): Promise<HopResult> {
  const probe = newProbe(input.url);
  const started = performance.now();
  const head = await dispatchForHead(input, probe);
  const connection = connectionFacts(probe);
  releaseProbe(probe);
  const { contentEncoding, keep } = head;
  const warnings: string[] = [];
  let body = EMPTY;
  let decoded = 0;
  let sink: BodySink | undefined;
  let stream: StreamLog | undefined;
  try {
    const source = head.source;
    if (head.chunks) {
      body = { storage: 'inline', base64: Buffer.concat(head.chunks, head.bytes).toString('base64') };
      decoded = head.bytes;
    }
    if (source && keep && head.streamKind && input.openStream) {
      sink = new BodySink(input.maxBodyInMemoryBytes, input.tempDir);
      ({ decoded, stream } = await readEventStream(source, { contentEncoding, stop: () => head.control.stop() }, head.streamKind, input, sink, warnings));
      body = sink.result();
    } else if (source && !keep) {
      // A redirect's body is drained so the connection can be reused, but never endlessly.
      await pipeline(source, new ByteCounter(input.maxDecodedBodyBytes, decodedTooLarge), new DiscardSink());
    } else if (source) {
      const plan = decodePlan(contentEncoding);
      if (plan.warning) warnings.push(plan.warning);
      sink = new BodySink(input.maxBodyInMemoryBytes, input.tempDir);
      if (plan.transforms.length === 0) {
        decoded = await drainInto(source, sink, input.maxDecodedBodyBytes);
      } else {
        const counter = new ByteCounter(input.maxDecodedBodyBytes, decodedTooLarge);
        const stages: (Transform | Writable)[] = [...plan.transforms, counter, sink];
        await pipeline(source, ...(stages as [Transform, ...Transform[]]));
        decoded = counter.bytes;
      }
      body = sink.result();
    }
  } catch (e) {
    // Stop the download too: a failed decoder does not tell undici to stop reading the socket.
    head.control.abort(e instanceof Error ? e : new Error(String(e)));
    await sink?.discard();
    throw bodyError(e, input.cancel);
  }
  const ended = performance.now();
  return {
    status: head.status,
    statusText: head.statusText,
    headers: head.headers,
    headersSize: Buffer.byteLength(`HTTP/${connection.httpVersion} ${head.status} ${head.statusText}\r\n`) + headerBlockSize(head.headers),
    body,
    bodySizeCompressed: head.compressed(),
    bodySizeDecoded: keep ? decoded : 0,
    contentEncoding,
    warnings,
    firstByte: head.at - started,
    download: ended - head.at,
    connection,
    ...(stream ? { stream } : {}),
  };
}

/**
 * The common case, nothing to decode: the body goes straight into the sink. A stream pipeline per
 * response (abort signal, end-of-stream watchers, a counting transform) is a measurable share of
 * each request in a 1,000-request run. Same limits and errors as the pipeline path.
 */
async function drainInto(source: Readable, sink: BodySink, limit: number): Promise<number> {
  let failed: Error | undefined;
  sink.on('error', (e) => { failed = e; });
  const check = (): void => { if (failed) throw failed; };
  let bytes = 0;
  for await (const chunk of source as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (bytes > limit) throw decodedTooLarge(limit);
    check();
    if (!sink.write(chunk)) {
      check();
      await once(sink, 'drain');
    }
  }
  check();
  const finished = once(sink, 'finish');
  sink.end();
  await finished;
  return bytes;
}

function bodyError(e: unknown, cancel: Cancel): unknown {
  if (cancel.aborted) return cancel.reason;
  if (e instanceof KeyholeError) return e;
  const code = (e as NodeJS.ErrnoException).code ?? '';
  if (code.startsWith('Z_') || code.startsWith('ERR_BROTLI') || code.startsWith('ERR__ERROR_FORMAT')) {
    return new KeyholeError('decode-failed', `Response body could not be decompressed: ${(e as Error).message}`, {
      hint: 'The server declared a Content-Encoding its body does not match.',
      cause: e,
    });
  }
  return e;
}

/**
 * Dispatches and resolves with the response head. A kept body with no Content-Encoding (the common
 * case) is collected right in the handler, and the promise resolves at its end: a Readable, an
 * async iterator and a Writable per response are a measurable share of each request in a long
 * run. Past the in-memory cap (or for anything to decode or drain) it resolves at the head with a
 * stream instead, which the caller decodes, spills to disk or drains.
 */
function dispatchForHead(input: HopInput, probe: HopProbe): Promise<Head> {
  return new Promise<Head>((resolve, reject) => {
    if (input.cancel.aborted) return reject(input.cancel.reason as Error);
    const handler = new HopHandler(input, resolve, reject);
    try {
      runWithProbe(probe, () => input.dispatcher.dispatch({
        origin: input.url.origin,
        path: input.path ?? `${input.url.pathname}${input.url.search}`,
        method: input.method,
        headers: flatHeaders(input.headers),
        body: input.body ?? null,
      }, handler));
    } catch (e) {
      handler.stopListening();
      reject(e);
    }
  });
}

/** What the body readers may do to a hop in flight: stop it (once), and resume a paused read. */
interface HopControl {
  abort(reason: Error): void;
  resume(): void;
  /** Ends the body here as if the server had finished it, and closes the connection. */
  stop(): void;
}

/**
 * undici's handler for one hop; a class so that a request allocates one object, not a dozen
 * closures. It speaks undici's core handler interface (onConnect, onHeaders, onData...), the one
 * undici's own request() uses: a handler written to the newer onRequestStart/onResponseStart
 * interface is wrapped per request in an adapter that also parses every header block into an
 * object we never read, a measurable share of a short request.
 */
class HopHandler implements Dispatcher.DispatchHandler, HopControl {
  private abortRequest: ((reason: Error) => void) | undefined;
  private resumeRead: (() => void) | undefined;
  private aborted = false;
  private stopped = false;
  private paused = false;
  private head: Head | undefined;
  private settled = false;
  private compressed = 0;
  private readonly inlineCap: number;
  readonly stopListening: () => void;

  constructor(private readonly input: HopInput, private readonly resolve: (h: Head) => void, private readonly reject: (e: unknown) => void) {
    this.inlineCap = Math.min(input.maxBodyInMemoryBytes, input.maxDecodedBodyBytes);
    this.stopListening = input.cancel.listen(() => this.cancelled());
  }

  abort(reason: Error): void {
    if (this.aborted) return;
    this.aborted = true;
    this.abortRequest?.(reason);
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.head?.source?.push(null);
    this.abort(new Error('the event stream was stopped'));
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.resumeRead?.();
  }

  private cancelled(): void {
    const reason = this.input.cancel.reason as Error;
    if (this.abortRequest) this.abort(reason);
    // Before undici calls onConnect (still connecting) there is nothing to abort yet: settle now;
    // onConnect aborts the request when it comes.
    this.settle(undefined, reason);
  }

  private settle(head: Head | undefined, error?: unknown): void {
    if (this.settled) return;
    this.settled = true;
    if (head) this.resolve(head);
    else this.reject(error);
  }

  private toStream(head: Head): Readable {
    const s = new Readable({ read: () => this.resume() });
    // Its reader (a pipeline or an async iterator) gets the stream's error through a listener of
    // its own, even an error from before it started. This one is for a stream that nobody will
    // read: the hop failed first (a refused Content-Encoding list) and aborting it ends the stream
    // with an error, which unheard would be an unhandled 'error' event that ends the process.
    s.on('error', ignore);
    head.source = s;
    return s;
  }

  onConnect(abort: (reason?: Error) => void): void {
    this.abortRequest = abort;
    if (this.input.cancel.aborted) this.abort(this.input.cancel.reason as Error);
  }

  onHeaders(status: number, rawHeaders: Buffer[], resume: () => void, statusText: string): boolean {
    if (status < 200) return true; // 1xx interim responses are not the answer
    this.resumeRead = resume;
    const headers = pairsFromRaw(rawHeaders);
    const contentEncoding = parseContentEncoding(getHeader(headers, 'content-encoding'));
    const keep = this.input.keepBody(status, headers);
    const streamKind = keep && this.input.openStream ? streamKindOf(headers) : undefined;
    const head: Head = {
      status, statusText: statusText ?? '', headers, keep, contentEncoding, control: this, at: performance.now(),
      bytes: 0, compressed: () => this.compressed, streamKind,
    };
    this.head = head;
    if (keep && contentEncoding.length === 0 && streamKind === undefined) {
      head.chunks = [];
    } else {
      this.toStream(head);
      this.settle(head);
    }
    return true;
  }

  /** Returns false to pause the socket until the stream's reader asks for more (resume). */
  onData(chunk: Buffer): boolean {
    if (this.stopped) return true;
    this.compressed += chunk.length;
    const head = this.head;
    if (!head) return true;
    if (head.chunks) {
      head.bytes += chunk.length;
      if (head.bytes <= this.inlineCap) {
        head.chunks.push(chunk);
        return true;
      }
      // Outgrew memory: hand what we have and the rest to a stream the caller spills to disk.
      const s = this.toStream(head);
      for (const b of head.chunks) s.push(b);
      head.chunks = undefined;
      head.bytes = 0;
      this.settle(head);
    }
    if (head.source && !head.source.push(chunk)) {
      this.paused = true;
      return false;
    }
    return true;
  }

  onComplete(): void {
    this.stopListening();
    const head = this.head;
    if (head?.chunks) this.settle(head);
    else head?.source?.push(null);
  }

  onError(err: Error): void {
    this.stopListening();
    if (this.stopped) return;
    if (this.head?.source) this.head.source.destroy(err);
    this.settle(undefined, err);
  }
}
