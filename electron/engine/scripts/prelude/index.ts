import { CORE } from './core';
import { PM, SCRIPT_PARAMS } from './pm';
import { REQUEST } from './request';
import { RESPONSE } from './response';
import { SDK } from './sdk';

/**
 * The prelude evaluated once per sandbox context: a function of the host bridge and the output
 * cap that installs the globals and returns the driver the host calls for each execution.
 */
export const PRELUDE_SOURCE = `(function (host, outputLimit) {${CORE}${REQUEST}${RESPONSE}${SDK}${PM}})`;

const PARAMS = SCRIPT_PARAMS.join(', ');
const AWAITS = /\bawait\b/;

/**
 * Wraps a user script as a function of the pm globals. The script's body is an inner function, so
 * that it may declare a name the globals also use (`const data = pm.response.json()`, `const _ =
 * require('lodash')`), as Postman's scripts, whose globals are global, may. The prefix stays on the
 * script's first line so that line numbers in errors are the script's own. Only a script that says
 * `await` is wrapped as an async function: any other finishes when its body returns, so begin() can
 * answer 'done' at once and the host skips the promise job an async wrapper's completion would need
 * (and the calls that run and poll it). A word "await" in a string or comment just takes the async
 * path, which is correct for every script.
 */
export function wrapScript(source: string): string {
  return `(function (${PARAMS}) { return (${AWAITS.test(source) ? 'async ' : ''}function () {${source}\n})(); })`;
}

export { SCRIPT_PARAMS };
