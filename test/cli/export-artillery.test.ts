// Issue 18 section 4: `keyhole export --format artillery`, run on Artillery's own engine against
// local servers (test/engine/exporters/artillery-engine.ts says why the engine and not the CLI).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startDemoServer, type DemoServer } from '../../electron/engine/demo';
import { runArtillery } from '../engine/exporters/artillery-engine';
import type { HttpTestServer } from '../servers/http';
import { EXAMPLE, EXAMPLE_SECRETS, keyhole } from './harness';
import { collection, environment, pre, startApi, test, writeFiles } from './postman-files';

let demo: DemoServer;
let api: HttpTestServer;
beforeAll(async () => { demo = await startDemoServer(); api = await startApi(); });
afterAll(async () => { await demo.close(); await api.close(); });

/** The demo workspace's secrets file, as environment variables. */
const demoSecrets = (): Record<string, string> => Object.fromEntries(readFileSync(EXAMPLE_SECRETS, 'utf8').split('\n')
  .filter((l) => /^[A-Z_]+=/.test(l)).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));

/** What a user does before a run: point the script at their server and pick a short load. */
function pointAt(yamlText: string, base: string, vars: Record<string, string> = {}): Record<string, unknown> {
  const script = parse(yamlText) as { config: Record<string, unknown> };
  script.config.target = base;
  script.config.variables = { ...(script.config.variables as Record<string, string>), ...vars };
  script.config.phases = [{ duration: 1, arrivalCount: 2 }];
  return script;
}

const okBy = (run: Awaited<ReturnType<typeof runArtillery>>): Record<string, boolean[]> => {
  const by: Record<string, boolean[]> = {};
  for (const r of run.requests) by[r.name] = [...(by[r.name] ?? []), r.results.every((x) => x.ok)];
  return by;
};

describe('keyhole export --format artillery', () => {
  it('resolves each environment\'s auth profile (Basic on staging, an OAuth 2.0 token on production), and Artillery\'s engine passes the requests keyhole run passes', async () => {
    for (const env of ['Staging', 'Production']) {
      const r = await keyhole(['export', EXAMPLE, '--format', 'artillery', '-e', env]);
      expect(r.code).toBe(0);
      // No secret is in the script: it reads them from the variables keyhole run reads.
      for (const value of Object.values(demoSecrets())) expect(r.out).not.toContain(value);
      expect(r.out).toContain(`KEYHOLE_SECRET_${env.toUpperCase()}_APIKEY`);
      // What Artillery cannot do is named in the header, and on stderr.
      expect(r.out).toMatch(/^# {3}- Digest protected: digest auth/m);
      expect(r.err).toContain('not carried: artillery: Digest protected: digest auth');

      const secrets = demoSecrets();
      const run = await runArtillery(pointAt(r.out, demo.url, { baseUrl: demo.url }), {
        [`KEYHOLE_SECRET_${env.toUpperCase()}_APIKEY`]: secrets.KEYHOLE_SECRET_APIKEY ?? '',
        [`KEYHOLE_SECRET_${env.toUpperCase()}_DEMOPASSWORD`]: secrets.KEYHOLE_SECRET_DEMOPASSWORD ?? '',
        KEYHOLE_SECRET_STAGING_ADMIN_PASSWORD: secrets.KEYHOLE_SECRET_STAGING_ADMIN_PASSWORD ?? '',
        KEYHOLE_SECRET_PRODUCTION_ADMIN_CLIENTSECRET: secrets.KEYHOLE_SECRET_PRODUCTION_ADMIN_CLIENTSECRET ?? '',
      });
      const verdicts = okBy(run);
      const passed = Object.entries(verdicts).filter(([, v]) => v.every(Boolean)).map(([k]) => k).sort();
      const expected = ['Health', 'Echo JSON', 'Admin report', 'API key items', 'Session/Log in', 'Session/Who am I',
        'Refusals/Expired token', 'Refusals/Wrong scheme', 'Refusals/Credentials dropped on redirect', 'Refusals/Forbidden',
        ...(env === 'Production' ? ['OAuth 2.0 token (profile Admin)'] : [])].sort();
      expect({ env, passed }).toEqual({ env, passed: expected });
      // Digest is sent without auth (listed as not translated) and refused, for both virtual users.
      expect(verdicts['Digest protected']).toEqual([false, false]);
      expect(run.counters['vusers.completed']).toBe(2);
    }
  });

  it('translates pm.test status, header and JSON checks, captures and constant pre-request values; the same checks pass and fail as in keyhole run', async () => {
    const files = writeFiles({
      'shop.json': collection('Shop', [
        {
          name: 'Create', request: { method: 'POST', url: '{{base}}/echo', header: [{ key: 'Content-Type', value: 'application/json' }, { key: 'X-Tenant', value: '{{tenant}}' }], body: { mode: 'raw', raw: '{"order":"{{orderName}}"}' } },
          event: [...pre('pm.variables.set("orderName", "blue-mug");', 'pm.environment.set("tenant", "acme");', 'console.log("about to create");'), ...test(
            'pm.test("status is 200", function () { pm.response.to.have.status(200); });',
            'pm.test("json content", () => pm.response.to.have.header("Content-Type"));',
            'const jsonData = pm.response.json();',
            'pm.test("method echoed", () => pm.expect(jsonData.method).to.eql("POST"));',
            'pm.test("tenant header", () => { pm.expect(jsonData.headers["x-tenant"]).to.equal("acme"); });',
            'pm.test("has a body", () => pm.expect(pm.response.json()).to.have.property("body"));',
            'pm.test("wrong on purpose", () => pm.expect(jsonData.method).to.eql("PUT"));',
            'pm.environment.set("createdPath", jsonData.path);',
            'if (jsonData.method === "POST") { postman.setNextRequest("Read"); }',
          )],
        },
        {
          name: 'Read', request: { method: 'GET', url: '{{base}}{{createdPath}}?token={{apiToken}}' },
          event: test('pm.test("read back", () => pm.expect(pm.response.json().query.token).to.eql(pm.environment.get("apiToken")));',
            'tests["status code is 200"] = responseCode.code === 200;', 'pm.test("teapot", () => pm.expect(pm.response.code).to.eql(418));'),
        },
      ]),
      'env.json': environment('Load', [{ key: 'base', value: api.url }, { key: 'apiToken', value: 'artillery-secret-6Gt', type: 'secret' }]),
    });
    const kh = await keyhole(['run', files.path('shop.json'), '-e', files.path('env.json'), '-r', 'json', '--reporter-json-export', files.path('run.json')]);
    expect(kh.code).toBe(1);
    const report = JSON.parse(readFileSync(files.path('run.json'), 'utf8')) as { run: { executions: { item: { name: string }; assertions: { assertion: string; passed: boolean }[] }[] } };
    const keyholeFailed = report.run.executions.flatMap((e) => e.assertions.filter((a) => !a.passed).map((a) => `${e.item.name}: ${a.assertion}`));
    expect(keyholeFailed).toEqual(['Create: wrong on purpose', 'Read: teapot']);

    const r = await keyhole(['export', files.path('shop.json'), '--format', 'artillery', '-e', files.path('env.json')]);
    expect(r.code).toBe(0);
    expect(r.out).not.toContain('artillery-secret-6Gt');
    expect(r.out).toContain('KEYHOLE_SECRET_LOAD_APITOKEN: variable apiToken');
    // Logging and control flow are Keyhole's to run; the header says so, line by line.
    expect(r.out).toMatch(/# {3}- request Create: pre-request script line 3: console\.log\("about to create"\);/);
    expect(r.out).toMatch(/# {3}- request Create: test script line 9: if \(jsonData\.method === "POST"\)/);
    expect(r.out).toMatch(/# {3}- request Read: test script line 1: pm\.test\("read back"/);
    const script = parse(r.out) as { scenarios: { flow: Record<string, { expect?: unknown[]; capture?: unknown[] }>[] }[] };
    expect(script.scenarios[0]?.flow[0]?.post?.capture).toEqual([{ json: '$.path', as: 'createdPath' }]);

    const start = api.requests.length;
    const run = await runArtillery(pointAt(r.out, api.url), { KEYHOLE_SECRET_LOAD_APITOKEN: 'artillery-secret-6Gt' });
    const failed = run.requests.flatMap((q) => q.results.filter((x) => !x.ok).map((x) => `${q.name}: ${x.type}`));
    // The same two checks fail, for each of the two virtual users: the JSON check and the status check.
    expect(failed.sort()).toEqual(['Create: jmespath', 'Create: jmespath', 'Read: statusCode', 'Read: statusCode']);
    expect(run.counters['plugins.expect.ok']).toBe(2 * (5 + 1));
    // The pre-request constants, the captured path and the secret from the environment reached the server.
    const sent = api.requests.slice(start);
    const reads = sent.filter((q) => q.url.startsWith('/echo?token='));
    expect(reads.map((q) => q.url)).toEqual(['/echo?token=artillery-secret-6Gt', '/echo?token=artillery-secret-6Gt']);
    expect(sent.filter((q) => q.header('x-tenant') === 'acme')).toHaveLength(2);
  });
});
