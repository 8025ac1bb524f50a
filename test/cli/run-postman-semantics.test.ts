// Issue 18 section 2: `keyhole run` on an imported Postman collection sends an undefined
// {{variable}} as written with a warning naming it, refuses it with --strict-variables, and takes
// a Postman globals file with -g/--globals.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echoHandler, startHttpServer, type HttpTestServer } from '../servers/http';
import { keyhole } from './harness';

let server: HttpTestServer;
beforeAll(async () => { server = await startHttpServer(echoHandler); });
afterAll(async () => { await server.close(); });

async function imported(): Promise<{ dir: string; globals: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'keyhole-run-postman-'));
  const file = join(dir, 'c.postman_collection.json');
  writeFileSync(file, JSON.stringify({
    info: { name: 'Semantics', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
    item: [{
      name: 'Echo', request: { method: 'GET', url: `${server.url}/echo?g={{fromGlobals}}&u={{undefinedHere}}` },
      event: [{ listen: 'test', script: { exec: ["pm.test('globals file read', () => pm.expect(pm.globals.get('fromGlobals')).to.equal('G1'));"] } }],
    }],
  }));
  const globals = join(dir, 'g.postman_globals.json');
  writeFileSync(globals, JSON.stringify({ name: 'Globals', _postman_variable_scope: 'globals', values: [{ key: 'fromGlobals', value: 'G1', enabled: true }] }));
  const out = join(dir, 'collection');
  const r = await keyhole(['import', file, '--out', out]);
  expect(r.code, r.err).toBe(0);
  return { dir: out, globals };
}

describe('keyhole run on a Postman import', () => {
  it('sends an undefined variable as written, warning with its name, and reads -g', async () => {
    const { dir, globals } = await imported();
    const r = await keyhole(['run', dir, '-g', globals, '--no-cookies']);
    expect(r.code, r.out + r.err).toBe(0);
    expect(r.out).toContain('warning: {{undefinedHere}} is not defined: sent as written in query[1].value of request Echo');
    expect(server.requests.at(-1)?.url).toBe('/echo?g=G1&u={{undefinedHere}}');
  });

  it('--strict-variables refuses it and exits 2', async () => {
    const { dir, globals } = await imported();
    const before = server.requests.length;
    const r = await keyhole(['run', dir, '--globals', globals, '--strict-variables', '--no-cookies']);
    expect(r.code).toBe(2);
    expect(r.out).toContain('Variable {{undefinedHere}} is not defined');
    expect(server.requests.length).toBe(before);
  });

  it('names a globals file that cannot be read', async () => {
    const { dir } = await imported();
    const r = await keyhole(['run', dir, '-g', join(dir, 'missing.json')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('missing.json');
  });
});
