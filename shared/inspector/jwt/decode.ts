import type { JwtDecodeError, JwtInspection, JwtReport, JwtWarning } from '../report';
import { duration, isoSeconds } from '../time';
import { decodeBase64url } from './base64url';
import { claimsView, numericClaim } from './claims';

/**
 * Decodes a JWS (3 segments) or recognises a JWE (5 segments) without verifying anything: this
 * does not check the signature (see verify.ts). Never throws: what cannot be split and decoded is
 * an error value naming the segment, the character position or the JSON error; everything else is
 * decoded, with warnings for what a server would likely refuse.
 */

export interface DecodeOptions {
  /** Reference time for exp/nbf/iat (the request time, or now). */
  at: Date;
  /** Number of keys in the key set the caller will verify against (for the kid-absent warning). */
  keyCount?: number | undefined;
}

const WARN_SIZE = 64 * 1024;
/** Real tokens are a few KB; past this the text is something else and decoding it helps nobody. */
export const MAX_TOKEN_CHARS = 512 * 1024;
const SEGMENT_NAMES_JWS = ['header', 'payload', 'signature'];
const SEGMENT_NAMES_JWE = ['protected header', 'encrypted key', 'initialization vector', 'ciphertext', 'authentication tag'];
/** crit values this inspector understands (RFC 7797 b64). */
const UNDERSTOOD_CRIT = new Set(['b64']);
const DAY_S = 24 * 3600;

const fail = (error: JwtDecodeError, warnings: JwtWarning[]): JwtInspection => ({ ok: false, error, warnings });
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Strips what people paste around tokens, reporting each. */
export function cleanTokenText(input: string, warnings: JwtWarning[]): string {
  let t = input;
  if (t.trim() !== t) {
    warnings.push({ code: 'surrounding-whitespace', message: 'Whitespace or a line break around the token was removed; a server reading the header as is would refuse it' });
    t = t.trim();
  }
  const bearer = /^bearer\s+/i.exec(t);
  if (bearer) {
    warnings.push({ code: 'bearer-prefix', message: `A leading "${bearer[0].trim()} " was removed: it belongs to the Authorization header, not the token` });
    t = t.slice(bearer[0].length).trim();
  }
  if (t.length >= 2 && ((t.startsWith('"') && t.endsWith('"')) || (t.startsWith("'") && t.endsWith("'")))) {
    warnings.push({ code: 'surrounding-quotes', message: 'The token was wrapped in quotes, which were removed; quotes are not part of a token' });
    t = t.slice(1, -1);
  }
  return t;
}

type Json = { ok: true; value: unknown } | { ok: false; message: string };
function parseJson(text: string): Json {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const utf8Lenient = new TextDecoder('utf-8');

export function decodeToken(input: string, opts: DecodeOptions, depth = 0): JwtInspection {
  const warnings: JwtWarning[] = [];
  if (input.length > MAX_TOKEN_CHARS) {
    return fail({ segment: null, segmentName: null, position: null,
      message: `The token is ${input.length} characters long; Keyhole decodes tokens up to ${MAX_TOKEN_CHARS} (real JWTs are a few kilobytes): this is probably not a token` }, warnings);
  }
  const token = cleanTokenText(input, warnings);
  if (token === '') return fail({ segment: null, segmentName: null, position: null, message: 'The token is empty' }, warnings);
  if (token.length > WARN_SIZE) {
    warnings.push({ code: 'token-too-large', message: `The token is ${token.length} characters; many servers refuse headers past 8-16 KB` });
  }
  const parts = token.split('.');
  if (parts.length !== 3 && parts.length !== 5) {
    const hint = parts.length === 2 ? ': the signature segment is missing (even an unsigned JWS ends with ".")'
      : parts.length === 1 ? ': this looks like an opaque token, not a JWT' : '';
    return fail({ segment: null, segmentName: null, position: null,
      message: `A JWT has 3 segments separated by "." (JWS) or 5 (JWE); this one has ${parts.length}${hint}` }, warnings);
  }
  const names = parts.length === 3 ? SEGMENT_NAMES_JWS : SEGMENT_NAMES_JWE;
  const bytes: Uint8Array[] = [];
  let padded = false;
  for (let i = 0; i < parts.length; i++) {
    const seg = parts[i] as string;
    const name = names[i] as string;
    if (seg === '' && (i === 0 || (parts.length === 3 && i === 1))) {
      return fail({ segment: i + 1, segmentName: name, position: 0, message: `Segment ${i + 1} (${name}) is empty` }, warnings);
    }
    const r = decodeBase64url(seg);
    if (!r.ok) {
      return fail({ segment: i + 1, segmentName: name, position: r.position, message: `Segment ${i + 1} (${name}): ${r.message}` }, warnings);
    }
    padded ||= r.padded;
    bytes.push(r.bytes);
  }
  if (padded) warnings.push({ code: 'padded-base64', message: 'A segment ends with "=" padding, which base64url in JWS omits (RFC 7515 §2); strict servers refuse it' });

  let headerText: string;
  try {
    headerText = utf8.decode(bytes[0]);
  } catch {
    return fail({ segment: 1, segmentName: names[0] as string, position: null, message: 'Segment 1 (header) is not UTF-8 text' }, warnings);
  }
  const hj = parseJson(headerText);
  if (!hj.ok) return fail({ segment: 1, segmentName: names[0] as string, position: null, message: `Segment 1 (header) is not valid JSON: ${hj.message}` }, warnings);
  if (!isObject(hj.value)) {
    return fail({ segment: 1, segmentName: names[0] as string, position: null, message: `Segment 1 (header) is JSON but not an object (${JSON.stringify(hj.value)?.slice(0, 40)})` }, warnings);
  }
  const header = hj.value;
  checkHeader(header, opts, warnings);

  if (parts.length === 5) {
    warnings.push({ code: 'encrypted', message: `The token is encrypted (JWE, alg=${String(header.alg)}, enc=${String(header.enc)}): its claims cannot be read without the recipient's private key` });
    return { ok: true, report: { kind: 'JWE', header, payload: null, signature: null, claims: [], warnings } };
  }

  const report: JwtReport = { kind: 'JWS', header, payload: null, signature: parts[2] as string, claims: [], warnings };
  const payloadText = utf8Lenient.decode(bytes[1]);
  const looksJson = /^\s*[{[]/.test(payloadText);
  const pj = parseJson(payloadText);
  const nestedCty = typeof header.cty === 'string' && header.cty.toUpperCase() === 'JWT';
  if (nestedCty) {
    report.payloadText = payloadText;
    warnings.push({ code: 'nested', message: 'The payload is itself a JWT (cty "JWT"): see the nested token' });
    if (depth < 3) {
      const inner = decodeToken(payloadText, opts, depth + 1);
      if (inner.ok) report.nested = inner.report;
      else warnings.push({ code: 'nested', message: `The nested token cannot be decoded: ${inner.error.message}` });
    }
  } else if (pj.ok && isObject(pj.value)) {
    report.payload = pj.value;
    report.claims = claimsView(pj.value, opts.at.getTime());
    checkClaims(pj.value, opts, warnings);
  } else if (pj.ok) {
    report.payloadText = payloadText;
    warnings.push({ code: 'payload-not-object', message: `The payload is JSON but not an object (${Array.isArray(pj.value) ? 'an array' : typeof pj.value}); JWT claims must be a JSON object (RFC 7519 §7.2)` });
  } else if (looksJson) {
    return fail({ segment: 2, segmentName: 'payload', position: null, message: `Segment 2 (payload) is not valid JSON: ${pj.message}` }, warnings);
  } else {
    report.payloadText = payloadText;
    warnings.push({ code: 'payload-not-json', message: 'The payload is not JSON; a JWS may carry any octets, but this is not a JWT with claims' });
  }
  return { ok: true, report };
}

/**
 * The entries of the header's `crit` this inspector does not understand (an empty list, or one
 * that is not a list of names, counts whole): RFC 7515 §4.1.11 says such a token must be rejected.
 */
export function unknownCrit(header: Record<string, unknown>): unknown[] {
  if (header.crit === undefined) return [];
  if (!Array.isArray(header.crit) || header.crit.length === 0) return [header.crit];
  return header.crit.filter((c) => typeof c !== 'string' || !UNDERSTOOD_CRIT.has(c));
}

function checkHeader(header: Record<string, unknown>, opts: DecodeOptions, warnings: JwtWarning[]): void {
  if (typeof header.alg === 'string' && header.alg.toLowerCase() === 'none') {
    warnings.push({ code: 'alg-none', message: 'alg is "none": the token is unsigned and anyone could have written it; servers must refuse it' });
  }
  const unknown = unknownCrit(header);
  if (unknown.length > 0) {
    warnings.push({ code: 'unknown-crit', message: `The header marks ${unknown.map((c) => JSON.stringify(c)).join(', ')} as critical (crit); a verifier that does not understand them must reject the token (RFC 7515 §4.1.11)` });
  }
  if (header.kid === undefined && (opts.keyCount ?? 0) > 1) {
    warnings.push({ code: 'kid-absent-several-keys', message: `The header has no kid while the key set holds ${opts.keyCount} keys: the verifier must guess, and many refuse` });
  }
}

function checkClaims(payload: Record<string, unknown>, opts: DecodeOptions, warnings: JwtWarning[]): void {
  const at = opts.at.getTime();
  for (const name of ['exp', 'nbf', 'iat']) {
    const v = payload[name];
    if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v))) {
      warnings.push({ code: 'claim-type', message: `${name} is ${JSON.stringify(v)}, not a NumericDate (seconds since 1970 as a number)` });
    }
  }
  const exp = numericClaim(payload, 'exp');
  const nbf = numericClaim(payload, 'nbf');
  const iat = numericClaim(payload, 'iat');
  if (exp === undefined) warnings.push({ code: 'no-exp', message: 'The token never expires (no exp claim)' });
  else if (exp * 1000 <= at) warnings.push({ code: 'expired', message: `Expired at ${isoSeconds(exp * 1000)}, ${duration(at - exp * 1000)} before the reference time` });
  const start = iat ?? nbf;
  if (exp !== undefined && start !== undefined && exp - start > DAY_S) {
    warnings.push({ code: 'long-lifetime', message: `The token lives ${duration((exp - start) * 1000)} (over 24 hours): a leaked copy stays useful for long` });
  }
  if (nbf !== undefined && nbf * 1000 > at) {
    warnings.push({ code: 'not-yet-valid', message: `Not valid before ${isoSeconds(nbf * 1000)}, ${duration(nbf * 1000 - at)} after the reference time` });
  }
  if (iat !== undefined && iat * 1000 > at) {
    warnings.push({ code: 'iat-in-future', message: `Issued at ${isoSeconds(iat * 1000)}, ${duration(iat * 1000 - at)} after the reference time: the issuer's clock or this one is off` });
  }
}
