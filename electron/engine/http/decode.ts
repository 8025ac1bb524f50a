import { Transform, type TransformCallback } from 'node:stream';
import { constants, createBrotliDecompress, createGunzip, createInflate, createInflateRaw } from 'node:zlib';
import { KeyholeError } from '../../../shared/errors';

/** More layers than this is not a real server: it is a decompression bomb or a broken proxy. */
export const MAX_ENCODING_LAYERS = 5;

const KNOWN = new Set(['gzip', 'x-gzip', 'deflate', 'br']);

/** Codings in the order they were applied (RFC 9110 §8.4), without `identity`. */
export function parseContentEncoding(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value.split(',').map((s) => s.trim().toLowerCase()).filter((s) => s !== '' && s !== 'identity');
}

export interface DecodePlan {
  /** Transforms to apply in order (last applied coding first); empty when nothing can be decoded. */
  transforms: Transform[];
  /** Set when a coding is unknown: the body is then kept as received. */
  warning?: string;
}

/**
 * Builds the decoders for a Content-Encoding list. Refuses more than MAX_ENCODING_LAYERS layers;
 * an unknown coding leaves the whole body encoded (decoding only the outer layers would give
 * bytes that are neither what the server sent nor the content).
 */
export function decodePlan(encodings: string[]): DecodePlan {
  if (encodings.length > MAX_ENCODING_LAYERS) {
    // The list is the server's to make as long as it likes: name only enough of it to show the pattern.
    const shown = encodings.slice(0, MAX_ENCODING_LAYERS + 1).join(', ') + (encodings.length > MAX_ENCODING_LAYERS + 1 ? ', …' : '');
    throw new KeyholeError('decode-failed', `Response has ${encodings.length} Content-Encoding layers (${shown}); at most ${MAX_ENCODING_LAYERS} are decoded`, {
      hint: 'A server or proxy is compressing the body again and again; this looks like a decompression bomb.',
    });
  }
  const unknown = encodings.find((e) => !KNOWN.has(e));
  if (unknown !== undefined) return { transforms: [], warning: `Content-Encoding "${unknown}" is not supported: the body is shown as received` };
  return { transforms: [...encodings].reverse().map(decoderFor) };
}

function decoderFor(coding: string): Transform {
  // Lenient flushes accept the truncated tails many servers send, as browsers and curl do.
  if (coding === 'br') return createBrotliDecompress({ flush: constants.BROTLI_OPERATION_FLUSH, finishFlush: constants.BROTLI_OPERATION_FLUSH });
  if (coding === 'deflate') return new DeflateAutodetect();
  return createGunzip({ flush: constants.Z_SYNC_FLUSH, finishFlush: constants.Z_SYNC_FLUSH });
}

/**
 * "deflate" is meant to be zlib-wrapped (RFC 9110 §8.4.1.2) but some servers send raw deflate;
 * the first byte tells them apart (a zlib header has compression method 8 in its low nibble).
 */
class DeflateAutodetect extends Transform {
  private inner: Transform | undefined;
  /**
   * zlib ends its output at the end of the deflate data, before end() is called when more bytes
   * follow; those bytes are ignored (as a plain inflater ignores them), and nothing may wait for an
   * 'end' or 'drain' that has already happened or never will.
   */
  private innerEnded = false;

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    if (chunk.length === 0 || this.innerEnded) return done();
    if (this.inner === undefined) {
      const first = chunk[0] ?? 0;
      const opts = { flush: constants.Z_SYNC_FLUSH, finishFlush: constants.Z_SYNC_FLUSH };
      this.inner = (first & 0x0f) === 8 ? createInflate(opts) : createInflateRaw(opts);
      this.inner.on('data', (d: Buffer) => this.push(d));
      this.inner.on('end', () => { this.innerEnded = true; });
      this.inner.on('error', (e) => this.destroy(e));
    }
    const inner = this.inner;
    if (inner.write(chunk)) return done();
    const next = (): void => {
      inner.off('drain', next);
      inner.off('end', next);
      done();
    };
    inner.on('drain', next);
    inner.on('end', next);
  }

  override _flush(done: TransformCallback): void {
    if (this.inner === undefined || this.innerEnded) return done();
    this.inner.once('end', () => done());
    this.inner.end();
  }

  // A pipeline destroys its own stages when one fails; the inner inflater is not one of them.
  override _destroy(err: Error | null, done: (e: Error | null) => void): void {
    this.inner?.destroy();
    done(err);
  }
}

/** Counts bytes going through, and stops the stream once more than `limit` have passed. */
export class ByteCounter extends Transform {
  bytes = 0;

  constructor(private readonly limit: number, private readonly onExceed: (limit: number) => Error) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.limit) return done(this.onExceed(this.limit));
    done(null, chunk);
  }
}

export function decodedTooLarge(limit: number): KeyholeError {
  return new KeyholeError('body-too-large', `Decoded response body is larger than ${limit} bytes; stopped reading`, {
    hint: 'Raise maxDecodedBodyBytes in the request settings if this body is expected to be this large.',
    details: { limit },
  });
}
