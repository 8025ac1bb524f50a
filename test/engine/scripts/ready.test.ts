import { describe, expect, it } from 'vitest';
import { createScriptEngine } from '../../../electron/engine/scripts';
import { exchange, info, scriptRequest, stores } from './helpers';

// ScriptEngine.ready loads the libraries a run's scripts use before its first request. Seen from a
// script: one that requires lodash under a name the engine cannot see in its text (and so cannot
// load on its own) gets it only when ready() loaded it first. The default time limit holds, so the
// outcome is the same on a machine of any speed.
const SCRIPT = "const l = require(['lo', 'dash'].join('')); pm.test('lodash is here', () => pm.expect(typeof l.chunk).to.equal('function'));";

describe.each(['worker', 'inline'] as const)('ready() on the %s thread', (thread) => {
  const attempt = async (warm: boolean) => {
    const engine = await createScriptEngine({ thread });
    try {
      if (warm) await engine.ready(["const _ = require('lodash');", 'pm.expect(1).to.equal(1);']);
      else await engine.runTest({ script: 'pm.expect(1).to.equal(1);', scriptName: 's', request: scriptRequest(), response: exchange(200, '{}'), variables: stores(), info });
      return await engine.runTest({ script: SCRIPT, scriptName: 'probe', request: scriptRequest(), response: exchange(200, '{}'), variables: stores(), info });
    } finally {
      engine.dispose();
    }
  };

  it('loads the libraries the scripts name before any of them runs', async () => {
    const warm = await attempt(true);
    expect(warm.error).toBeUndefined();
    expect(warm.assertions).toEqual([{ name: 'lodash is here', passed: true }]);
  });

  it('the control: without ready() a name the engine cannot see is not loaded, and the error says how to name it', async () => {
    const cold = await attempt(false);
    expect(cold.assertions).toEqual([]);
    expect(cold.error?.message).toMatch(/^probe, line 1: Error: the library lodash was not loaded: name it in the script's text, as require\('lodash'\)/);
  });
});
