import { KeyholeError } from '../../../shared/errors';
import type { SandboxError } from './sandbox';

export type FailureCause =
  | { kind: 'error'; error: SandboxError }
  | { kind: 'time-limit'; limitMs: number }
  | { kind: 'memory-limit'; limitBytes: number }
  | { kind: 'async-timeout'; limitMs: number }
  | { kind: 'never-settles'; what: string };

/** The script's own line of an error: the innermost stack frame in the wrapped script. */
export function scriptLine(e: SandboxError): number | undefined {
  const m = /\bscript:(\d+)/.exec(e.stack ?? '');
  return m?.[1] === undefined ? undefined : Number(m[1]);
}

/**
 * A failed script as a 'script-failed' error naming the script, and the line when there is one:
 * "pre-request script of request Get user, line 3: ReferenceError: token is not defined".
 */
export function scriptFailure(scriptName: string, cause: FailureCause): KeyholeError {
  const details: Record<string, unknown> = { script: scriptName, cause: cause.kind };
  switch (cause.kind) {
    case 'time-limit':
      return new KeyholeError('script-failed', `${scriptName}: stopped after running ${cause.limitMs} ms (the time limit)`, {
        hint: 'Look for a loop that never ends; scripts may run JavaScript for at most this long.', details,
      });
    case 'memory-limit':
      return new KeyholeError('script-failed', `${scriptName}: ran out of memory (the limit is ${Math.round(cause.limitBytes / 1048576)} MB)`, {
        hint: 'The script built more data than the sandbox allows; work on a smaller part of the response.', details,
      });
    case 'async-timeout':
      return new KeyholeError('script-failed', `${scriptName}: still waiting after ${cause.limitMs} ms for pm.sendRequest, timers or async tests`, {
        hint: 'A request it sent did not answer in time, or a timer or test never finished.', details,
      });
    case 'never-settles':
      return new KeyholeError('script-failed', `${scriptName}: ${cause.what}, and nothing is left that could complete it`, {
        hint: 'An awaited promise is never resolved, or an async pm.test never calls done().', details,
      });
    case 'error': {
      const line = scriptLine(cause.error);
      const where = line === undefined ? scriptName : `${scriptName}, line ${line}`;
      if (line !== undefined) details.line = line;
      return new KeyholeError('script-failed', `${where}: ${cause.error.name}: ${cause.error.message}`, {
        hint: cause.error.name === 'SyntaxError' ? 'Fix the syntax error; the script did not run.' : 'The script threw; the request is marked failed and the run goes on.',
        details,
      });
    }
  }
}
