import { CORE } from './core';
import { PM, SCRIPT_PARAMS } from './pm';
import { REQUEST } from './request';
import { RESPONSE } from './response';
import { SDK } from './sdk';
import { LEGACY } from './legacy';
import { DRIVER } from './driver';

/**
 * The prelude evaluated once per sandbox context: a function of the host bridge and the output
 * cap that installs the globals and returns the driver the host calls for each execution.
 */
export const PRELUDE_SOURCE = `(function (host, outputLimit) {${CORE}${REQUEST}${RESPONSE}${SDK}${PM}${LEGACY}${DRIVER}})`;

const PARAMS = SCRIPT_PARAMS.join(', ');
const AWAITS = /\bawait\b/;

/**
 * Wraps a user script as a function of the pm globals. The prefix stays on the script's first
 * line so that line numbers in errors are the script's own. Only a script that says `await` is
 * wrapped as an async function: any other finishes when its body returns, so begin() can answer
 * 'done' at once and the host skips the promise job an async wrapper's completion would need
 * (and the calls that run and poll it). A word "await" in a string or comment just takes the
 * async path, which is correct for every script.
 * A script that declares one of the globals' names with let, const or class (`const data =
 * pm.response.json()`, as Postman's scripts may, their globals being global) runs as an inner
 * function, where that declaration is legal. Only then: QuickJS reads a parameter from an inner
 * function as a closure variable, which made a console.log loop half as slow again.
 */
export function wrapScript(source: string): string {
  const async = AWAITS.test(source) ? 'async ' : '';
  if (!redeclaresGlobal(source)) return `(${async}function (${PARAMS}) {${source}\n})`;
  return `(function (${PARAMS}) { return (${async}function () {${source}\n})(); })`;
}

const PARAM_SET = new Set<string>(SCRIPT_PARAMS);
const DECLARED = /\b(?:let|const|class)\s+([A-Za-z_$][\w$]*)/g;
const DESTRUCTURED = /\b(?:let|const)\s*([{[][^=;]*[}\]])\s*=/g;
const NAME = /[A-Za-z_$][\w$]*/g;

/** Whether a let/const/class declaration (plain or destructured) names one of SCRIPT_PARAMS; strings and comments may add false positives, which cost only speed. */
function redeclaresGlobal(source: string): boolean {
  if (!/\b(?:let|const|class)\b/.test(source)) return false;
  for (const m of source.matchAll(DECLARED)) if (PARAM_SET.has(m[1] ?? '')) return true;
  for (const m of source.matchAll(DESTRUCTURED)) for (const n of (m[1] ?? '').matchAll(NAME)) if (PARAM_SET.has(n[0])) return true;
  return false;
}

export { SCRIPT_PARAMS };
