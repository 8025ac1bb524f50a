/**
 * Whether a script's text could reach a built-in to change it, which decides if the guard compares
 * every built-in's keys and values after it (about 200 microseconds of QuickJS) or only the global
 * object's key count (which catches implicit globals, the one change a script makes by accident
 * without naming anything).
 *
 * A built-in is reached by name (JSON.parse = f, var m = Math), through a prototype link
 * (x.__proto__, x.constructor.prototype, Object.getPrototypeOf), through `this` (the global object
 * in sloppy code), or by code compiled from a string (eval, Function, lodash's template). So the
 * text is risky when it holds any of those words, a \u escape (an identifier could be spelled in
 * it), or a global's name in any use but a call: `JSON.parse(x)` and `new Date()` are safe,
 * `Math.PI`, `[...Math] = []` and `parseInt = f` are not. Strings and comments are scanned like
 * code, which only ever adds risk.
 *
 * What it cannot see: a function an earlier script planted in a shared object (a library module,
 * a chai plugin) that replaces a built-in when a later, innocent-looking script calls it. That
 * replacement shows at the next check that reads values. The guard is hygiene between one
 * collection's scripts; the sandbox is the wall.
 */
export interface GlobalNames {
  /** Globals whose value the guard snapshots whole (JSON, Math, Object, Array...). */
  guarded: readonly string[];
  /** Other globals that can be rebound (console, parseInt, setTimeout...). */
  other: readonly string[];
}

const ALWAYS = new Set([
  '__proto__', 'constructor', 'prototype', 'getPrototypeOf', 'setPrototypeOf', 'defineProperty', 'defineProperties',
  '__defineGetter__', '__defineSetter__', 'this', 'eval', 'Function', 'Reflect', 'globalThis', 'template', 'caller', 'callee',
]);

const IDENT = /[A-Za-z_$][\w$]*/g;
const CALL_AFTER = /^[ \t]*\(/;
const MEMBER_CALL_AFTER = /^[ \t]*\.[ \t]*([A-Za-z_$][\w$]*)[ \t]*\(/;
const MEMBER_AFTER = /^[ \t]*[.(]/;

export function namesBuiltins(source: string, names: GlobalNames): boolean {
  if (source.includes('\\u')) return true;
  const guarded = new Set(names.guarded);
  const other = new Set(names.other);
  for (const m of source.matchAll(IDENT)) {
    const name = m[0];
    if (ALWAYS.has(name)) return true;
    const isGuarded = guarded.has(name);
    if (!isGuarded && !other.has(name)) continue;
    const at = m.index;
    if (isPropertyName(source, at)) continue;
    const rest = source.slice(at + name.length, at + name.length + 80);
    if (isGuarded) {
      const member = MEMBER_CALL_AFTER.exec(rest);
      if (CALL_AFTER.test(rest) || (member && !ALWAYS.has(member[1] as string))) continue;
      return true;
    }
    if (!MEMBER_AFTER.test(rest)) return true;
  }
  return false;
}

/** `x.name` or `x?.name` on the same line: a property, not the global (`...name` is a spread, a global). */
function isPropertyName(source: string, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && (source[i] === ' ' || source[i] === '\t')) i--;
  return source[i] === '.' && source[i - 1] !== '.';
}
