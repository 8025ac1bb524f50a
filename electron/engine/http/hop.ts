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
import { BodySink, DiscardSink } from './response-body';

export interface HopInput {
  dispatcher: Dispatcher;
  url: URL;
  method: string;
  headers: HeaderList;
  body: Readable | Buffer | undefined;
  /** Aborts the hop; its reason (a KeyholeError) is what the hop rejects with. */
  signal: AbortSignal;
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
  source: Readable;
  controller: Dispatcher.DispatchController;
  at: number;
  compressed: () => number;
}

const EMPTY: ResponseBody = { storage: 'inline', base64: '' };

/** Sends one request (no redirect handling) and reads its response through decoding into storage. */
export async function runHop(input: HopInput): Promise<HopResult> {
  const probe: HopProbe = {};
  const started = performance.now();
  const head = await dispatchForHead(input, probe);
  const connection = connectionFacts(probe);
  releaseProbe(probe);
  const contentEncoding = parseContentEncoding(getHeader(head.headers, 'content-encoding'));
  const warnings: string[] = [];
  let body = EMPTY;
  let decoded = 0;
  const keep = input.keepBody(head.status, head.headers);
  let sink: BodySink | undefined;
  try {
    if (!keep) {
      // A redirect's body is drained so the connection can be reused, but never endlessly.
      await pipeline(head.source, new ByteCounter(input.maxDecodedBodyBytes, decodedTooLarge), new DiscardSink());
    } else {
      const plan = decodePlan(contentEncoding);
      if (plan.warning) warnings.push(plan.warning);
      sink = new BodySink(input.maxBodyInMemoryBytes, input.tempDir);
      if (plan.transforms.length === 0) {
        decoded = await drainInto(head.source, sink, input.maxDecodedBodyBytes);
      } else {
        const counter = new ByteCounter(input.maxDecodedBodyBytes, decodedTooLarge);
        const stages: (Transform | Writable)[] = [...plan.transforms, counter, sink];
        await pipeline(head.source, ...(stages as [Transform, ...Transform[]]));
        decoded = counter.bytes;
      }
      body = sink.result();
    }
  } catch (e) {
    // Stop the download too: a failed decoder does not tell undici to stop reading the socket.
    if (!head.controller.aborted) head.controller.abort(e instanceof Error ? e : new Error(String(e)));
    const partial = sink?.result();
    if (partial?.storage === 'file') await unlink(partial.path).catch(() => undefined);
    throw bodyError(e, input.signal);
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

function bodyError(e: unknown, signal: AbortSignal): unknown {
  if (signal.aborted) return signal.reason as unknown;
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

function dispatchForHead(input: HopInput, probe: HopProbe): Promise<Head> {
  return new Promise<Head>((resolve, reject) => {
    let controller: Dispatcher.DispatchController | undefined;
    let source: Readable | undefined;
    let compressed = 0;
    const onAbort = () => {
      const reason = input.signal.reason as Error;
      controller?.abort(reason);
      // Before undici calls onRequestStart (still connecting) there is nothing to abort yet:
      // settle now; onRequestStart aborts the request when it comes.
      if (source === undefined) reject(reason);
    };
    const done = () => input.signal.removeEventListener('abort', onAbort);
    if (input.signal.aborted) return reject(input.signal.reason as Error);
    input.signal.addEventListener('abort', onAbort, { once: true });

    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(c) {
        controller = c;
        if (input.signal.aborted) c.abort(input.signal.reason as Error);
      },
      onResponseStart(c, status, _parsed, statusText) {
        if (status < 200) return; // 1xx interim responses are not the answer
        const s = new Readable({ read: () => c.resume() });
        source = s;
        resolve({
          status,
          statusText: statusText ?? '',
          headers: pairsFromRaw(c.rawHeaders as (Buffer | string)[] | null),
          source: s,
          controller: c,
          at: performance.now(),
          compressed: () => compressed,
        });
      },
      onResponseData(c, chunk) {
        compressed += chunk.length;
        if (source && !source.push(chunk)) c.pause();
      },
      onResponseEnd() {
        done();
        source?.push(null);
      },
      onResponseError(_c, err) {
        done();
        if (source) source.destroy(err);
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
