import protobuf from 'protobufjs';

/** How deep a template follows nested messages: a recursive type (a tree node) stops at its first repeat. */
const MAX_DEPTH = 12;

/**
 * A JSON template of a message type, in the form the call accepts (field names as in the .proto):
 * every field with its zero value, nested messages filled in, enums by their first value's name,
 * repeated fields with one element, maps with one entry, 64-bit integers and bytes as strings
 * (proto3 JSON), and of each oneof only its first member (a message may set one). A type that
 * contains itself is left `{}` where it recurs.
 */
export function messageTemplate(type: protobuf.Type): unknown {
  return fill(type, [], 0);
}

function fill(type: protobuf.Type, stack: readonly protobuf.Type[], depth: number): Record<string, unknown> {
  if (stack.includes(type) || depth > MAX_DEPTH) return {};
  type.resolveAll();
  const out: Record<string, unknown> = {};
  const skip = new Set<string>();
  for (const oneof of type.oneofsArray) {
    // proto3 `optional` fields are synthetic oneofs of one member: they are ordinary fields here.
    if (oneof.fieldsArray.length <= 1) continue;
    for (const f of oneof.fieldsArray.slice(1)) skip.add(f.name);
  }
  const inner = [...stack, type];
  for (const field of type.fieldsArray) {
    if (skip.has(field.name)) continue;
    field.resolve();
    if (field instanceof protobuf.MapField) {
      out[field.name] = { [field.keyType === 'string' ? 'key' : String(scalarValue(field.keyType))]: valueOf(field, inner, depth) };
    } else if (field.repeated) out[field.name] = [valueOf(field, inner, depth)];
    else out[field.name] = valueOf(field, inner, depth);
  }
  return out;
}

function valueOf(field: protobuf.Field, stack: readonly protobuf.Type[], depth: number): unknown {
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Type) return fill(resolved, stack, depth + 1);
  if (resolved instanceof protobuf.Enum) return Object.keys(resolved.values)[0] ?? 0;
  return scalarValue(field.type);
}

function scalarValue(type: string): unknown {
  switch (type) {
    case 'string':
    case 'bytes':
      return '';
    case 'bool':
      return false;
    case 'int64':
    case 'uint64':
    case 'sint64':
    case 'fixed64':
    case 'sfixed64':
      return '0';
    default:
      return 0;
  }
}
