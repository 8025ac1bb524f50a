import { once } from 'node:events';
import { pipeline as pipe, type Readable } from 'node:stream';
import type { StreamKind, StreamLog } from '../../../shared/model';
import { KeyholeError } from '../../../shared/errors';
import { decodePlan, decodedTooLarge } from '../http/decode';
import type { HopInput } from '../http/hop';
import type { BodySink } from '../http/response-body';
import { EventStreamTap } from './event-stream';
import type { StreamLogWriter } from './log';

/**
 * Reads an event stream: each decoded chunk goes to the parser (events logged as they arrive) and
 * to the body sink (the raw stream stays the response body, under the same caps). The request's
 * total timeout was lifted when the log was opened; the body timeout (silence between chunks) is
 * the stream's idle timeout, and reaching it ends the stream with what came, as Stop does.
 */
export async function readEventStream(source: Readable, head: { contentEncoding: string[]; stop: () => void }, kind: StreamKind, input: HopInput, sink: BodySink, warnings: string[]): Promise<{ decoded: number; stream: StreamLog }> {
  const log = (input.openStream as (k: StreamKind) => StreamLogWriter)(kind);
  const tap = new EventStreamTap(kind, log, input.maxBodyInMemoryBytes);
  const plan = decodePlan(head.contentEncoding);
  if (plan.warning) warnings.push(plan.warning);
  const decoded: Readable = plan.transforms.length === 0 ? source : pipe([source, ...plan.transforms], () => undefined) as unknown as Readable;
  let stopped = false;
  const stop = (): void => { stopped = true; head.stop(); };
  if (input.stopStream?.aborted) stop();
  input.stopStream?.addEventListener('abort', stop, { once: true });
  let failed: Error | undefined;
  sink.on('error', (e) => { failed = e; });
  let bytes = 0;
  let dropped = false;
  try {
    try {
      for await (const chunk of decoded as AsyncIterable<Buffer>) {
        bytes += chunk.length;
        if (bytes > input.maxDecodedBodyBytes) throw decodedTooLarge(input.maxDecodedBodyBytes);
        tap.write(chunk);
        if (failed) throw failed;
        if (!sink.write(chunk)) await once(sink, 'drain');
      }
    } catch (e) {
      if (input.cancel.aborted) throw e;
      if (isIdleTimeout(e)) {
        log.ended = 'idle timeout: the server sent nothing for longer than the body timeout (bodyTimeoutMs)';
        warnings.push(`The event stream ended on its idle timeout after ${log.count} event(s); raise bodyTimeoutMs to listen longer between events`);
      } else if (log.keepOpen && !(e instanceof KeyholeError)) {
        // A reconnecting stream that drops is a reason to reconnect (as EventSource does), not a failure.
        log.ended = `the connection dropped: ${(e as Error).message}`;
        dropped = true;
      } else throw e;
    }
    if (!dropped) tap.end();
    if (stopped) log.ended ??= `stopped after ${log.count} event(s)`;
    const finished = once(sink, 'finish');
    sink.end();
    await finished;
  } finally {
    input.stopStream?.removeEventListener('abort', stop);
    if (!log.keepOpen) await log.finish();
  }
  return { decoded: bytes, stream: log.snapshot() };
}

function isIdleTimeout(e: unknown): boolean {
  for (let cur = e, i = 0; i < 5 && cur instanceof Error; i += 1, cur = cur.cause) {
    if ((cur as NodeJS.ErrnoException).code === 'UND_ERR_BODY_TIMEOUT') return true;
  }
  return false;
}

