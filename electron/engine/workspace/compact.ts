import { isDeepStrictEqual } from 'node:util';
import type { z } from 'zod';

/** The parts of a zod 4 schema definition that compaction walks. */
interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  left?: z.ZodType;
  right?: z.ZodType;
  valueType?: z.ZodType;
  getter?: () => z.ZodType;
  in?: z.ZodType;
}

const defOf = (s: z.ZodType): Def => s._zod.def as unknown as Def;

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Rewrites a parsed value for storage: keys in the schema's declared order (so files have one
 * fixed layout and a change is a small diff) and every field whose value is what the schema would
 * fill in anyway left out. "What the schema would fill in" is asked of the schema itself (parse of
 * `undefined`), so omission can never change what loading gives back.
 * `keep` names top-level fields always written (the format version, a request's method).
 */
export function compact(schema: z.ZodType, value: unknown, keep: ReadonlySet<string> = new Set()): unknown {
  const def = defOf(schema);
  switch (def.type) {
    case 'object': {
      if (!isPlainObject(value) || !def.shape) return value;
      const out: Record<string, unknown> = {};
      for (const [key, field] of Object.entries(def.shape)) {
        const v = value[key];
        if (v === undefined) continue;
        if (!keep.has(key) && isDefault(field, v)) continue;
        out[key] = compact(field, v);
      }
      return out;
    }
    case 'optional': case 'default': case 'nullable': case 'readonly': case 'prefault': case 'catch': case 'nonoptional':
      return def.innerType ? compact(def.innerType, value, keep) : value;
    case 'lazy':
      return def.getter ? compact(def.getter(), value, keep) : value;
    case 'pipe':
      return def.in ? compact(def.in, value, keep) : value;
    case 'array':
      return Array.isArray(value) && def.element ? value.map((v) => compact(def.element as z.ZodType, v)) : value;
    case 'record': {
      if (!isPlainObject(value) || !def.valueType) return value;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = compact(def.valueType, v);
      return out;
    }
    case 'union': {
      const option = def.options?.find((o) => o.safeParse(value).success);
      return option ? compact(option, value, keep) : value;
    }
    case 'intersection': {
      if (!def.left || !def.right) return value;
      const l = compact(def.left, value, keep);
      const r = compact(def.right, value, keep);
      return isPlainObject(l) && isPlainObject(r) ? { ...l, ...r } : value;
    }
    default:
      return value;
  }
}

function isDefault(field: z.ZodType, v: unknown): boolean {
  const filled = field.safeParse(undefined);
  return filled.success && filled.data !== undefined && isDeepStrictEqual(filled.data, v);
}
