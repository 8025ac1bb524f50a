import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScriptEngine, type ScriptEngine } from '../../../electron/engine/scripts';
import { DEFAULT_LIMITS } from '../../../electron/engine/scripts/engine';
import { quickJsModule, Sandbox } from '../../../electron/engine/scripts/sandbox';
import { exchange, info, scriptRequest, stores } from './helpers';

// The guard between scripts compares every built-in's keys and values only after a script that
// names one (builtin-names.ts), and only the global object's key count otherwise; these are the
// ways a script can reach a built-in, each followed by a script that must see the original.

let engine: ScriptEngine;
beforeAll(async () => { engine = await createScriptEngine({ thread: 'inline' }); });
afterAll(() => engine.dispose());

const variables = stores({ environment: { tpl: '<% JSON.parse = function () { return "planted"; } %>' } });
const run = (script: string) => engine.runTest({ script, scriptName: 's', request: scriptRequest(), response: exchange(200, '{"ok":true}'), variables, info });

const ORIGINALS = `pm.test('built-ins intact', () => {
  pm.expect(JSON.parse('1')).to.equal(1);
  pm.expect(JSON.stringify(1)).to.equal('1');
  pm.expect(typeof Math.floor).to.equal('function');
  pm.expect(Math.random() < 1).to.equal(true);
  pm.expect(parseInt('7')).to.equal(7);
  pm.expect([1].concat([2]).length).to.equal(2);
  pm.expect(typeof token).to.equal('undefined');
  pm.expect(({}).planted).to.equal(undefined);
  pm.expect(typeof escape).to.equal('function');
});`;

describe('the guard after scripts that replace a built-in', () => {
  it.each([
    ['by name', `JSON.parse = () => 'x';`],
    ['through a variable', `var j = JSON; j.stringify = () => 'x';`],
    ['through a computed key', `Math['ran' + 'dom'] = () => 4;`],
    ['through a prototype link', `[].constructor.prototype.concat = null;`],
    ['through sloppy this', `this.JSON.stringify = () => 'x';`],
    ['from a string through eval', `eval('JSON.parse = function () { return "x"; }');`],
    ['from a variable through lodash template', `require('lodash').template(pm.environment.get('tpl'))();`],
    ['by rebinding a global', `parseInt = () => 42;`],
    ['by rebinding through destructuring', `[...Math] = [];`],
    ['spelled with a unicode escape', `J\\u0053ON.parse = () => 'x';`],
    ['by adding an implicit global', `token = 'abc';`],
    ['by adding to a prototype', `Object.defineProperty(Object.getPrototypeOf({}), 'planted', { value: 1, configurable: true });`],
    ['by rebinding another global', `escape = null;`],
  ])('%s', async (_how, script) => {
    await run(script);
    const after = await run(ORIGINALS);
    expect(after.error).toBeUndefined();
    expect(after.assertions).toEqual([{ name: 'built-ins intact', passed: true }]);
  });

  it.each([
    ['a response method', `Object.getPrototypeOf(pm.response).json = () => ({ forged: true });`],
    ['a header list method', `pm.response.headers.__proto__.get = () => 'forged';`],
    ['a request URL method', `pm.request.url.constructor.prototype.toString = () => 'forged';`],
  ])('puts back %s a script replaced on the prelude\'s shared prototypes', async (_what, script) => {
    await run(script);
    const after = await run(`pm.test('prelude intact', () => {
      pm.expect(pm.response.json()).to.eql({ ok: true });
      pm.expect(pm.response.headers.get('content-type')).to.equal('application/json');
      pm.expect(pm.request.url.toString()).to.equal('{{base}}/users/1');
    });`);
    expect(after.assertions).toEqual([{ name: 'prelude intact', passed: true }]);
  });

  it('the control: without the guard the replacement would show (the same context is reused)', async () => {
    const r = await run(`JSON.parse = () => 'x'; pm.test('replaced here', () => pm.expect(JSON.parse('1')).to.equal('x'));`);
    expect(r.assertions).toEqual([{ name: 'replaced here', passed: true }]);
  });
});

describe('which scripts name a built-in', () => {
  let sb: Sandbox;
  beforeAll(async () => { sb = Sandbox.create(await quickJsModule(DEFAULT_LIMITS.memoryLimitBytes), DEFAULT_LIMITS); });
  afterAll(() => sb.dispose());

  it.each([
    `pm.test("Status code is 200", function () {\n    pm.response.to.have.status(200);\n});`,
    `var data = pm.response.json();\npm.expect(data.id).to.eql(7);\nconsole.log(JSON.stringify(data));`,
    `pm.environment.set('at', String(Date.now())); pm.environment.set('n', parseInt(pm.response.text(), 10));`,
    `const items = Object.keys(pm.response.json()); new Promise((r) => setTimeout(r, 1)); x.JSON = 1; y?.Math;`,
  ])('not: %s', (script) => {
    expect(sb.namesBuiltins(script)).toBe(false);
  });

  it.each([
    `JSON.parse = f`, `var m = Math`, `Math.PI`, `typeof atob`, `Object.assign(Math, {})`, `x.__proto__`, `a.constructor`,
    `Object.getPrototypeOf(x)`, `this.x`, `eval(s)`, `Function('')`, `_.template(s)`, `[...Math] = []`, `parseInt = f`,
    `J\\u0053ON`, `JSON\n.parse = f`, `// note.\nJSON.parse = f`, `JSON /* c */.parse = f`, `JSON['parse'] = f`, `Date.now.call = 1`,
  ])('names one: %s', (script) => {
    expect(sb.namesBuiltins(script)).toBe(true);
  });
});
