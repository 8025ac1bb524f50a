import { open } from 'node:fs/promises';
import { KeyholeError } from '../../../shared/errors';
import type { BodyChunk, SendResult } from '../../../shared/ipc/contract';
import type { Exchange, ResponseBody } from '../../../shared/model';

interface Kept {
  /** Raw: the inspector verifies tokens from it; never leaves this process. */
  raw: Exchange;
  result: SendResult;
}

const KEEP = 100;

/**
 * The exchanges this process sent, newest last, bounded. Body bytes are read from here by id only,
 * so a caller can read the bodies the engine received and nothing else on disk.
 */
export class Exchanges {
  private readonly kept = new Map<string, Kept>();

  add(raw: Exchange, result: SendResult): void {
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
}

/** A window of a response body, from memory or from the engine's temporary file. */
export async function readBody(body: ResponseBody, offset: number, length: number): Promise<BodyChunk> {
  if (body.storage === 'inline') {
    const all = Buffer.from(body.base64, 'base64');
    return { base64: all.subarray(offset, offset + length).toString('base64'), offset, size: all.length };
  }
  const fh = await open(body.path, 'r');
  try {
    const size = (await fh.stat()).size;
    const buf = Buffer.alloc(Math.max(0, Math.min(length, size - offset)));
    if (buf.length > 0) await fh.read(buf, 0, buf.length, offset);
    return { base64: buf.toString('base64'), offset, size };
  } finally {
    await fh.close();
  }
}

/** One header of what was sent, unmasked: the Reveal click of "Request as sent", never a listing. */
export function revealSentHeader(raw: Exchange, hop: number | undefined, header: number): { name: string; value: string } {
  const request = hop === undefined ? raw.request : raw.hops[hop]?.request;
  const pair = request?.headers[header];
  if (!pair) throw new KeyholeError('invalid-input', `Exchange ${raw.id} has no header #${header}${hop === undefined ? '' : ` on hop ${hop}`}`);
  return { name: pair[0], value: pair[1] };
}
