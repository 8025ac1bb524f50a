import { CORE } from './core';
import { PM, SCRIPT_PARAMS } from './pm';
import { REQUEST } from './request';
import { RESPONSE } from './response';

/**
 * The prelude evaluated once per sandbox context: a function of the host bridge and the output
 * cap that installs the globals and returns the driver the host calls for each execution.
 */
export const PRELUDE_SOURCE = `(function (host, outputLimit) {${CORE}${REQUEST}${RESPONSE}${PM}})`;

/**
 * Wraps a user script as an async function of the pm globals. The prefix stays on the script's
 * first line so that line numbers in errors are the script's own.
 */
export function wrapScript(source: string): string {
  return `(async function (${SCRIPT_PARAMS.join(', ')}) {${source}\n})`;
}

export { SCRIPT_PARAMS };
