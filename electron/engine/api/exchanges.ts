import { open } from 'node:fs/promises';
import { KeyholeError } from '../../../shared/errors';
import { INLINE_RESULT_MAX, type BodyBytes, type BodyChunk, type SendResult, type ShownResult } from '../../../shared/ipc/send-payloads';
import type { Exchange, ResponseBody } from '../../../shared/model';

interface Kept {
  /** Raw: the inspector verifies tokens from it; never leaves this process. */
  raw: Exchange;
  result: ShownResult;
}

const KEEP = 100;

/**
 * The exchanges this process sent, newest last, bounded. Body bytes are read from here by id only,
 * so a caller can read the bodies the engine received and nothing else on disk.
 */
export class Exchanges {
  private readonly kept = new Map<string, Kept>();

  add(raw: Exchange, result: ShownResult): void {
    this.kept.set(result.exchange.id, { raw, result });
    while (this.kept.size > KEEP) {
      const oldest = this.kept.keys().next().value;
      if (oldest === undefined) break;
      this.kept.delete(oldest);
    }
  }

  get(id: string): Kept {
    const k = this.kept.get(id);
    if (!k) throw new KeyholeError('invalid-input', `No exchange "${id}" in this session's history`, { hint: 'Only the last 100 responses are kept; send the request again.' });
    return k;
  }

  /** The last few raw exchanges, oldest first: the explainer's context (logins, cookies). */
  recentRaw(n = 20): Exchange[] {
    return [...this.kept.values()].slice(-n).map((k) => k.raw);
  }

  has(id: string): boolean {
    return this.kept.has(id);
  }

  async body(id: string, offset: number, length: number): Promise<BodyChunk> {
    return readBody(this.get(id).raw.response.body, offset, length);
  }

  async bodyBytes(id: string, offset: number, length: number): Promise<BodyBytes> {
    return readBodyBytes(this.get(id).raw.response.body, offset, length);
  }
}

/**
 * The result as the app is sent it: a body past INLINE_RESULT_MAX stays here (the raw exchange
 * holds it) and the result says only its size; the app reads it with exchange.bodyBytes.
 */
export function shownResult(result: SendResult): ShownResult {
  const body = result.exchange.response.body;
  if (body.storage !== 'inline' || body.base64.length <= (INLINE_RESULT_MAX / 3) * 4) return result;
  const held = { storage: 'held' as const, size: base64Size(body.base64) };
  return { ...result, exchange: { ...result.exchange, response: { ...result.exchange.response, body: held } } };
}

function base64Size(b64: string): number {
  return (b64.length / 4) * 3 - (b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0);
}

/** A window of a response body, from memory or from the engine's temporary file. */
export async function readBodyBytes(body: ResponseBody, offset: number, length: number): Promise<BodyBytes> {
  if (body.storage === 'inline') {
    // Only the base64 quads that hold the window are decoded, not the whole body per window.
    const size = base64Size(body.base64);
    const from = Math.min(offset, size);
    const to = Math.min(size, offset + length);
    const start = Math.floor(from / 3);
    const quads = Buffer.from(body.base64.slice(start * 4, Math.ceil(to / 3) * 4), 'base64');
    return { bytes: quads.subarray(from - start * 3, to - start * 3), offset, size };
  }
  const fh = await open(body.path, 'r');
  try {
    const size = (await fh.stat()).size;
    const bytes = Buffer.alloc(Math.max(0, Math.min(length, size - offset)));
    if (bytes.length > 0) await fh.read(bytes, 0, bytes.length, offset);
    return { bytes, offset, size };
  } finally {
    await fh.close();
  }
}

/** The same window in base64, for callers whose transport is JSON. */
export async function readBody(body: ResponseBody, offset: number, length: number): Promise<BodyChunk> {
  const w = await readBodyBytes(body, offset, length);
  return { base64: Buffer.from(w.bytes.buffer, w.bytes.byteOffset, w.bytes.byteLength).toString('base64'), offset: w.offset, size: w.size };
}

/** One header of what was sent, unmasked: the Reveal click of "Request as sent", never a listing. */
export function revealSentHeader(raw: Exchange, hop: number | undefined, header: number): { name: string; value: string } {
  const request = hop === undefined ? raw.request : raw.hops[hop]?.request;
  const pair = request?.headers[header];
  if (!pair) throw new KeyholeError('invalid-input', `Exchange ${raw.id} has no header #${header}${hop === undefined ? '' : ` on hop ${hop}`}`);
  return { name: pair[0], value: pair[1] };
}
