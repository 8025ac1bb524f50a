import type { ShownExchange } from '../../../shared/ipc';
import { api } from './api';

/**
 * Pretty JSON up to this size is also shown in Monaco (folding, find); above it Monaco's
 * tokenising freezes the window, so the worker's virtualised view shows it instead.
 */
export const MONACO_LIMIT = 1024 * 1024;

export function headerOf(e: ShownExchange, name: string): string | undefined {
  return e.response.headers.find(([k]) => k.toLowerCase() === name)?.[1];
}

export function kindOf(e: ShownExchange): 'json' | 'html' | 'xml' | 'image' | 'text' | 'binary' {
  const t = (headerOf(e, 'content-type') ?? '').toLowerCase();
  if (t.includes('json')) return 'json';
  if (t.includes('html')) return 'html';
  if (t.includes('xml')) return 'xml';
  if (t.startsWith('image/')) return 'image';
  if (t.startsWith('text/') || t.includes('javascript') || t.includes('x-www-form-urlencoded')) return 'text';
  return t === '' ? 'text' : 'binary';
}

function decode64(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The first `max` bytes of a body and its full size, fetched in one window. */
export async function bodyBytes(e: ShownExchange, max: number): Promise<{ bytes: Uint8Array; size: number }> {
  if (e.response.body.storage === 'inline') {
    const all = decode64(e.response.body.base64);
    return { bytes: all.subarray(0, max), size: all.length };
  }
  const chunk = await api['exchange.bodyBytes']({ id: e.id, offset: 0, length: Math.min(max, 8 * 1024 * 1024) });
  return { bytes: chunk.bytes, size: chunk.size };
}

/** The whole body as a Blob, fetched in 8 MB windows (for "Save to file" in a browser). */
export async function bodyBlob(e: ShownExchange, type: string): Promise<Blob> {
  if (e.response.body.storage === 'inline') return new Blob([decode64(e.response.body.base64) as BlobPart], { type });
  const parts: BlobPart[] = [];
  let offset = 0;
  for (;;) {
    const c = await api['exchange.bodyBytes']({ id: e.id, offset, length: 8 * 1024 * 1024 });
    const bytes = c.bytes;
    parts.push(bytes as BlobPart);
    offset += bytes.length;
    if (bytes.length === 0 || offset >= c.size) break;
  }
  return new Blob(parts, { type });
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
