import { isRecord } from '../document';

type Schema = Record<string, unknown>;

const STRING_FORMATS: Record<string, string> = {
  'date-time': '2024-01-01T00:00:00Z', date: '2024-01-01', time: '00:00:00Z', email: 'user@example.com',
  uuid: '3fa85f64-5717-4562-b3fc-2c963f66afa6', uri: 'https://example.com', url: 'https://example.com', hostname: 'example.com',
  ipv4: '192.0.2.1', ipv6: '2001:db8::1', byte: 'U3dhZ2dlciByb2Nrcw==', password: '', binary: '',
};

/**
 * An example value for a (dereferenced) JSON Schema: the schema's own example, default, const or
 * first enum value where it has one, otherwise a plain value of its type. Stops at circular
 * references (left as `$ref` by the dereferencer) and past a depth, so huge specs stay bounded.
 * Read-only properties are left out: they are what the server sends, not what a client does.
 */
export function exampleOf(schema: unknown, depth = 0, stack: Set<unknown> = new Set()): unknown {
  if (!isRecord(schema) || depth > 8 || stack.has(schema) || '$ref' in schema) return undefined;
  const s = schema as Schema;
  if (s.example !== undefined) return s.example;
  if (Array.isArray(s.examples) && s.examples.length > 0) return s.examples[0];
  if (s.default !== undefined) return s.default;
  if (s.const !== undefined) return s.const;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  stack.add(schema);
  try {
    if (Array.isArray(s.allOf)) {
      const parts = s.allOf.map((x) => exampleOf(x, depth + 1, stack));
      if (parts.every((p) => isRecord(p) || p === undefined)) return Object.assign({}, ...parts.filter(isRecord));
      return parts.find((p) => p !== undefined);
    }
    for (const key of ['oneOf', 'anyOf'] as const) {
      const list = s[key];
      if (Array.isArray(list) && list.length > 0) {
        const nonNull = list.find((x) => !(isRecord(x) && x.type === 'null')) ?? list[0];
        return exampleOf(nonNull, depth + 1, stack);
      }
    }
    const type = Array.isArray(s.type) ? (s.type.find((t) => t !== 'null') as string | undefined) : (s.type as string | undefined);
    if (type === 'object' || (type === undefined && isRecord(s.properties))) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(isRecord(s.properties) ? s.properties : {})) {
        if (isRecord(v) && v.readOnly === true) continue;
        const ex = exampleOf(v, depth + 1, stack);
        if (ex !== undefined) out[k] = ex;
      }
      return out;
    }
    if (type === 'array') {
      const item = exampleOf(s.items, depth + 1, stack);
      return item === undefined ? [] : [item];
    }
    if (type === 'string') return STRING_FORMATS[String(s.format)] ?? 'string';
    if (type === 'integer' || type === 'number') return typeof s.minimum === 'number' ? s.minimum : 0;
    if (type === 'boolean') return true;
    if (type === 'null') return null;
    return undefined;
  } finally {
    stack.delete(schema);
  }
}

/** Parameter/query text for an example value. */
export function exampleText(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) return v.map(exampleText).join(',');
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** A small XML rendering of an example object, for XML request bodies. */
export function toXml(v: unknown, name: string, indent = ''): string {
  if (Array.isArray(v)) return v.map((x) => toXml(x, name, indent)).join('\n');
  if (isRecord(v)) {
    const inner = Object.entries(v).map(([k, x]) => toXml(x, k, `${indent}  `)).join('\n');
    return `${indent}<${name}>\n${inner}\n${indent}</${name}>`;
  }
  const text = exampleText(v).replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `${indent}<${name}>${text}</${name}>`;
}
