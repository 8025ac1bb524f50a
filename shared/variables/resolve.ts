import { KeyholeError } from '../errors';
import { dynamicValue, isDynamic, type DynamicSources } from './dynamic';
import { lookup, type ScopeName, type Scopes } from './scope';

/** `{{name}}` with optional inner spaces; names cannot hold braces. */
const REFERENCE = /\{\{\s*([^{}]+?)\s*\}\}/g;

export interface ResolveOptions {
  scopes: Scopes;
  dynamic: DynamicSources;
  /** Where the text came from, for error messages: "header Authorization of request Get user". */
  where: string;
  /** Nested references deeper than this are treated as a cycle (defence against huge fan-outs). */
  maxDepth?: number;
  /**
   * An undefined variable: 'error' (the default) throws naming it; 'literal' leaves `{{name}}` as
   * written, as Postman does, and tells `onLiteral` (the collection's unresolvedVariables setting).
   */
  unresolved?: 'error' | 'literal' | undefined;
  onLiteral?: ((name: string, where: string) => void) | undefined;
}

export interface ResolvedUse {
  name: string;
  scope: ScopeName | 'dynamic';
  secret: boolean;
}

export interface Resolution {
  text: string;
  /** Every variable used, so callers can mask secret values in anything they print. */
  used: ResolvedUse[];
}

/**
 * Replaces every `{{name}}` in `text`, resolving nested references. A name that resolves to
 * nothing is an error naming the variable and where it was used: a literal `{{token}}` must never
 * reach the wire. A cycle (a → b → a) is an error naming the chain.
 */
export function resolveText(text: string, opts: ResolveOptions): Resolution {
  const used: ResolvedUse[] = [];
  const out = expand(text, opts, [], used, opts.maxDepth ?? 16);
  return { text: out, used };
}

/** How often a text is scanned again after its references were replaced, as Postman's substitution does (19). */
const RESCANS = 19;

function expand(text: string, opts: ResolveOptions, chain: string[], used: ResolvedUse[], depthLeft: number): string {
  if (!text.includes('{{')) return text;
  // A name built from other references ({{host.{{n}}}}) appears once its inner ones are replaced.
  let out = text;
  for (let round = 0; round <= RESCANS; round++) {
    let replaced = false;
    out = out.replace(REFERENCE, (whole: string, rawName: string) => {
      const v = expandOne(whole, rawName, opts, chain, used, depthLeft);
      if (v !== whole) replaced = true;
      return v;
    });
    if (!replaced || !out.includes('{{')) break;
  }
  return out;
}

function expandOne(whole: string, rawName: string, opts: ResolveOptions, chain: string[], used: ResolvedUse[], depthLeft: number): string {
  const name = rawName;
  if (isDynamic(name)) {
    const v = dynamicValue(name, opts.dynamic);
    if (v === undefined && opts.unresolved === 'literal') {
      opts.onLiteral?.(name, opts.where);
      return whole;
    }
    if (v === undefined) {
      throw new KeyholeError('variable-unresolved', `Unknown dynamic variable {{${name}}} in ${opts.where}`, {
        hint: 'Known dynamic variables: {{$guid}}, {{$timestamp}}, {{$isoTimestamp}}, {{$randomInt}}, and Postman\'s {{$random…}} list ({{$randomFirstName}}, {{$randomEmail}}, {{$randomUUID}}...).',
        details: { variable: name, where: opts.where },
      });
    }
    used.push({ name, scope: 'dynamic', secret: false });
    return v;
  }
  if (chain.includes(name)) {
    const cycle = [...chain.slice(chain.indexOf(name)), name].join(' → ');
    throw new KeyholeError('variable-cycle', `Variables refer to each other in a cycle (${cycle}) in ${opts.where}`, {
      hint: 'Change one of these variables so that it does not refer back.',
      details: { cycle: [...chain, name], where: opts.where },
    });
  }
  if (depthLeft <= 0) {
    throw new KeyholeError('variable-cycle', `Variables nest too deeply at {{${name}}} in ${opts.where}`, { details: { variable: name, where: opts.where } });
  }
  const found = lookup(opts.scopes, name);
  if (!found && opts.unresolved === 'literal') {
    opts.onLiteral?.(name, opts.where);
    return whole;
  }
  if (!found) {
    const via = chain.length > 0 ? ` (through ${chain.map((c) => `{{${c}}}`).join(' → ')})` : '';
    throw new KeyholeError('variable-unresolved', `Variable {{${name}}} is not defined, used in ${opts.where}${via}`, {
      hint: `Define "${name}" in the active environment, the collection variables or the globals.`,
      details: { variable: name, where: opts.where },
    });
  }
  if (found.value.missing !== undefined) {
    throw new KeyholeError('secret-missing', `Secret {{${name}}} has no value (${found.scope} scope), used in ${opts.where}`, {
      hint: found.value.missing,
      details: { variable: name, where: opts.where },
    });
  }
  used.push({ name, scope: found.scope, secret: found.value.secret ?? false });
  return expand(found.value.value, opts, [...chain, name], used, depthLeft - 1);
}

/** The names referenced in a text, without resolving them (autocomplete, highlighting). */
export function referencesIn(text: string): string[] {
  return [...text.matchAll(REFERENCE)].map((m) => m[1] ?? '').filter((n) => n.length > 0);
}
