/** Text <-> base64 for bodies held inline in the Exchange model, without Node's Buffer. */

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');
const CHUNK = 0x8000;

export function encodeBase64Text(text: string): string {
  if (text === '') return '';
  const bytes = encoder.encode(text);
  let bin = '';
  for (let i = 0; i < bytes.length; i += CHUNK) bin += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(bin);
}

/** Decodes at most `limit` bytes' worth (the explainer reads only the start of a body). */
export function decodeBase64Text(base64: string, limit = 64 * 1024): string {
  if (base64 === '') return '';
  const part = base64.length > (limit / 3) * 4 ? base64.slice(0, Math.floor(limit / 3) * 4) : base64;
  let bin: string;
  try {
    bin = atob(part);
  } catch {
    return '';
  }
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return decoder.decode(bytes);
}
