import { once } from 'node:events';
import { unlink } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { Readable, type Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Dispatcher } from 'undici';
import { KeyholeError } from '../../../shared/errors';
import type { HeaderList, ResponseBody } from '../../../shared/model';
import { ByteCounter, decodePlan, decodedTooLarge, parseContentEncoding } from './decode';
import { flatHeaders, getHeader, headerBlockSize, pairsFromRaw } from './headers';
import { connectionFacts, releaseProbe, runWithProbe, type ConnectionFacts, type HopProbe } from './probe';
import type { Cancel } from './cancel';
import { BodySink, DiscardSink } from './response-body';

export interface HopInput {
  dispatcher: Dispatcher;
  url: URL;
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
}

interface Head {
  status: number;
  statusText: string;
  headers: HeaderList;
  /** Whether the body is the answer (kept) or a redirect's (drained); decided once, at the status line. */
  keep: boolean;
  contentEncoding: string[];
  /** The body as a stream: redirects, encoded bodies, and bodies that outgrew memory. */
  source?: Readable | undefined;
  /** A kept body with nothing to decode, collected by the handler itself. */
  inline?: Promise<Inline> | undefined;
  controller: Dispatcher.DispatchController;
  at: number;
  compressed: () => number;
}

/** The handler's in-memory collection: every chunk, or the stream it switched to past the cap. */
type Inline = { chunks: Buffer[]; bytes: number } | { spilled: Readable };

const EMPTY: ResponseBody = { storage: 'inline', base64: '' };

/** Sends one request (no redirect handling) and reads its response through decoding into storage. */
export async function runHop(input: HopInput): Promise<HopResult> {
  const probe: HopProbe = {};
  const started = performance.now();
  const head = await dispatchForHead(input, probe);
  const connection = connectionFacts(probe);
  releaseProbe(probe);
  const { contentEncoding, keep } = head;
  const warnings: string[] = [];
  let body = EMPTY;
  let decoded = 0;
  let sink: BodySink | undefined;
  try {
    let source = head.source;
    if (head.inline) {
      const got = await head.inline;
      if ('spilled' in got) source = got.spilled;
      else {
        body = { storage: 'inline', base64: Buffer.concat(got.chunks, got.bytes).toString('base64') };
        decoded = got.bytes;
      }
    }
    if (source && !keep) {
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
    if (!head.controller.aborted) head.controller.abort(e instanceof Error ? e : new Error(String(e)));
    const partial = sink?.result();
    if (partial?.storage === 'file') await unlink(partial.path).catch(() => undefined);
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
  };
}

/**
 * The common case, nothing to decode: the body goes straight into the sink. A stream pipeline per
 * response (abort signal, end-of-stream watchers, a counting transform) was a measurable share of
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
 * Dispatches and resolves at the status line. A kept body with no Content-Encoding (the common
 * case) is collected right here, chunk by chunk, up to the in-memory cap: a Readable, an async
 * iterator and a Writable per response were a measurable share of each request in a long run.
 * Past the cap the handler switches to a stream and the caller spills it to a file.
 */
function dispatchForHead(input: HopInput, probe: HopProbe): Promise<Head> {
  return new Promise<Head>((resolve, reject) => {
    let controller: Dispatcher.DispatchController | undefined;
    let started = false;
    let source: Readable | undefined;
    let chunks: Buffer[] | undefined;
    let held = 0;
    let settleInline: { resolve: (r: Inline) => void; reject: (e: Error) => void } | undefined;
    let compressed = 0;
    const inlineCap = Math.min(input.maxBodyInMemoryBytes, input.maxDecodedBodyBytes);
    const onAbort = () => {
      const reason = input.cancel.reason as Error;
      controller?.abort(reason);
      // Before undici calls onRequestStart (still connecting) there is nothing to abort yet:
      // settle now; onRequestStart aborts the request when it comes.
      if (!started) reject(reason);
    };
    if (input.cancel.aborted) return reject(input.cancel.reason as Error);
    const done = input.cancel.listen(onAbort);
    const toStream = (c: Dispatcher.DispatchController): Readable => {
      const s = new Readable({ read: () => c.resume() });
      source = s;
      return s;
    };

    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(c) {
        controller = c;
        if (input.cancel.aborted) c.abort(input.cancel.reason as Error);
      },
      onResponseStart(c, status, _parsed, statusText) {
        if (status < 200) return; // 1xx interim responses are not the answer
        started = true;
        const headers = pairsFromRaw(c.rawHeaders as (Buffer | string)[] | null);
        const contentEncoding = parseContentEncoding(getHeader(headers, 'content-encoding'));
        const keep = input.keepBody(status, headers);
        const head = { status, statusText: statusText ?? '', headers, keep, contentEncoding, controller: c, at: performance.now(), compressed: () => compressed };
        if (keep && contentEncoding.length === 0) {
          chunks = [];
          const inline = new Promise<Inline>((res, rej) => { settleInline = { resolve: res, reject: rej }; });
          resolve({ ...head, inline });
        } else {
          resolve({ ...head, source: toStream(c) });
        }
      },
      onResponseData(c, chunk) {
        compressed += chunk.length;
        if (chunks !== undefined) {
          held += chunk.length;
          if (held <= inlineCap) {
            chunks.push(chunk);
            return;
          }
          // Outgrew memory: hand what we have and the rest to a stream the caller spills to disk.
          const s = toStream(c);
          for (const b of chunks) s.push(b);
          chunks = undefined;
          settleInline?.resolve({ spilled: s });
        }
        if (source && !source.push(chunk)) c.pause();
      },
      onResponseEnd() {
        done();
        if (chunks !== undefined) settleInline?.resolve({ chunks, bytes: held });
        else source?.push(null);
      },
      onResponseError(_c, err) {
        done();
        if (chunks !== undefined) settleInline?.reject(err);
        else if (source) source.destroy(err);
        else reject(err);
      },
    };
    try {
      runWithProbe(probe, () => input.dispatcher.dispatch({
        origin: input.url.origin,
        path: `${input.url.pathname}${input.url.search}`,
        method: input.method,
        headers: flatHeaders(input.headers),
        body: input.body ?? null,
      }, handler));
    } catch (e) {
      done();
      reject(e);
    }
  });
}
