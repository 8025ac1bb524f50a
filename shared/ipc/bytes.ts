/**
 * Answers that carry raw bytes (`exchange.bodyBytes`): Electron's IPC clones a Uint8Array as it
 * is, but JSON cannot hold one, so the bridge sends the bytes as the HTTP body and the rest of the
 * answer in this header, and the in-process transport copies them beside its JSON round trip.
 * Bytes never become base64: a 50 MB body would be 67 MB of text parsed on the page's main thread.
 */
export const BYTES_META_HEADER = 'x-keyhole-meta';
export const BYTES_TYPE = 'application/octet-stream';

import type { Envelope } from './envelope';

export interface BytesAnswer { bytes: Uint8Array; [k: string]: unknown }

export function isBytesAnswer(value: unknown): value is BytesAnswer {
  return typeof value === 'object' && value !== null && (value as { bytes?: unknown }).bytes instanceof Uint8Array;
}

/** The answer without its bytes: what travels as JSON beside them. */
export function metaOf(value: BytesAnswer): Record<string, unknown> {
  const { bytes: _bytes, ...meta } = value;
  return meta;
}

/** The bridge's answer as an envelope: the JSON one, or bytes with the rest of their answer. */
export async function envelopeOf(res: Response): Promise<Envelope<unknown>> {
  if (res.headers.get('content-type') !== BYTES_TYPE) return (await res.json()) as Envelope<unknown>;
  const meta = JSON.parse(res.headers.get(BYTES_META_HEADER) ?? '{}') as object;
  return { ok: true, value: { ...meta, bytes: new Uint8Array(await res.arrayBuffer()) } };
}
