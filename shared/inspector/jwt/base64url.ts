/**
 * base64url (RFC 4648 §5) decoding that says where it failed. Browsers' atob and Node's Buffer
 * accept or silently skip characters a server will refuse, so the inspector decodes by hand.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const VALUE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUE[ALPHABET.charCodeAt(i)] = i;

export type Base64urlResult =
  | { ok: true; bytes: Uint8Array; padded: boolean }
  | { ok: false; position: number; message: string };

function describeChar(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  if (ch === '+' || ch === '/') return `"${ch}" (standard base64, not base64url: use "${ch === '+' ? '-' : '_'}")`;
  if (ch === '\n' || ch === '\r') return 'a line break';
  if (ch === ' ' || ch === '\t') return 'whitespace';
  if (code < 0x20 || code === 0x7f) return `control character U+${code.toString(16).padStart(4, '0').toUpperCase()}`;
  return JSON.stringify(ch);
}

export function decodeBase64url(text: string): Base64urlResult {
  let end = text.length;
  while (end > 0 && text[end - 1] === '=') end--;
  const padded = end < text.length;
  const out = new Uint8Array(Math.floor((end * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < end; i++) {
    const code = text.charCodeAt(i);
    const v = code < 128 ? (VALUE[code] ?? -1) : -1;
    if (v < 0) {
      const ch = String.fromCodePoint(text.codePointAt(i) ?? code);
      const what = ch === '=' ? '"=" padding in the middle' : describeChar(ch);
      return { ok: false, position: i, message: `invalid base64url character ${what} at position ${i}` };
    }
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  if (end % 4 === 1) {
    return { ok: false, position: end - 1, message: `base64url length ${end} is impossible (one character too many or the token was cut off)` };
  }
  return { ok: true, bytes: out.subarray(0, o), padded };
}

export function encodeBase64url(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = (bytes[i] as number) << 16;
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]!;
  } else if (rest === 2) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8);
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]!;
  }
  return out;
}
