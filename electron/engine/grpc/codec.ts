import protobuf from 'protobufjs';
import { KeyholeError } from '../../../shared/errors';

/** How a received message becomes JSON: proto3 JSON's forms (enum names, 64-bit and bytes as strings), every field present. */
const TO_JSON: protobuf.IConversionOptions = { longs: String, enums: String, bytes: String, defaults: true, oneofs: false, json: true };

/**
 * A JSON value as the wire bytes of `type`. Field names are the .proto's or their lowerCamelCase
 * JSON names; a name the type does not have is refused, naming it and the fields it has, rather
 * than silently dropped (a typo would otherwise send a default).
 */
export function encodeMessage(type: protobuf.Type, value: unknown, where: string): { bytes: Buffer; json: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new KeyholeError('invalid-input', `${where}: a ${type.name} message is a JSON object, not ${Array.isArray(value) ? 'an array' : JSON.stringify(value)}`);
  }
  const normalized = normalize(type, value as Record<string, unknown>, where, '');
  let message: protobuf.Message;
  try {
    message = type.fromObject(normalized);
  } catch (e) {
    throw new KeyholeError('invalid-input', `${where}: the message does not fit ${type.fullName.replace(/^\./, '')}: ${(e as Error).message}`);
  }
  // protobufjs writes into a Buffer under Node: copied only where it is a bare Uint8Array.
  const encoded = type.encode(message).finish();
  return { bytes: Buffer.isBuffer(encoded) ? encoded : Buffer.from(encoded), json: JSON.stringify(value) };
}

/** Received bytes as JSON text. */
export function decodeMessage(type: protobuf.Type, bytes: Buffer): string {
  try {
    return JSON.stringify(type.toObject(type.decode(bytes), TO_JSON));
  } catch (e) {
    return JSON.stringify({ undecodable: `${bytes.length} bytes that are not a ${type.name}: ${(e as Error).message}`, base64: bytes.toString('base64') });
  }
}

/** Types whose fields are resolved: resolveAll walks the whole type, once is enough. */
const resolved = new WeakSet<protobuf.Type>();

/** Maps JSON names to field names, recursively, refusing unknown ones. */
function normalize(type: protobuf.Type, value: Record<string, unknown>, where: string, path: string): Record<string, unknown> {
  if (!resolved.has(type)) {
    type.resolveAll();
    resolved.add(type);
  }
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const field = type.fields[key] ?? type.fieldsArray.find((f) => camel(f.name) === key);
    if (!field) {
      throw new KeyholeError('invalid-input', `${where}: ${type.name} has no field "${path}${key}"`, {
        hint: `Its fields: ${type.fieldsArray.map((f) => f.name).join(', ') || 'none'}.`,
        details: { field: `${path}${key}` },
      });
    }
    out[field.name] = nested(field, v, where, `${path}${field.name}`);
  }
  return out;
}

function nested(field: protobuf.Field, v: unknown, where: string, path: string): unknown {
  const t = field.resolvedType;
  if (!(t instanceof protobuf.Type) || v === null || typeof v !== 'object') return v;
  if (field instanceof protobuf.MapField) {
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, isObject(x) ? normalize(t, x, where, `${path}.${k}.`) : x]));
  }
  if (Array.isArray(v)) return v.map((x, i) => (isObject(x) ? normalize(t, x, where, `${path}[${i}].`) : x));
  return isObject(v) ? normalize(t, v, where, `${path}.`) : v;
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const camel = (s: string): string => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
