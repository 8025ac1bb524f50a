// Issue 18 section 1: `keyhole run` takes a Postman collection file as newman does, with newman's
// options, and gives newman's verdicts and exit status; newman runs beside it as the oracle.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpTestServer } from '../servers/http';
import { spawn } from 'node:child_process';
import { keyhole } from './harness';
import { BIN, ROOT } from './spawn-cli';
import { collection, environment, globalsFile, pre, runNewman, startApi, test, verdicts, writeFiles, type NewmanSummary } from './postman-files';

let api: HttpTestServer;
beforeAll(async () => { api = await startApi(); });
afterAll(async () => { await api.close(); });

const SECRET = 'env-secret-token-5Wq8';
const ENV_VAR = 'env-var-value-3Kd1';

/** A collection with passing and failing tests, a 404 no test looks at, scripts and every variable scope. */
function shop(base: string) {
  return collection('Shop', [
    {
      name: 'Orders', item: [
        {
          name: 'List orders', request: { method: 'GET', url: `${base}/echo?page={{page}}`, header: [{ key: 'Authorization', value: 'Bearer {{token}}' }] },
          event: [...pre('pm.environment.set("startedBy", "pre-request");'), ...test(
            'pm.test("status is 200", () => pm.response.to.have.status(200));',
            'pm.test("token sent", () => pm.expect(pm.response.json().headers.authorization).to.eql("Bearer " + pm.environment.get("token")));',
            'pm.test("page comes from the data file", () => pm.expect(pm.response.json().query.page).to.eql(String(pm.iterationData.get("page"))));',
            'pm.test("a failing check", () => pm.expect(1).to.eql(2));',
          )],
        },
        { name: 'Create order', request: { method: 'POST', url: `${base}/echo`, header: [{ key: 'Content-Type', value: 'application/json' }], body: { mode: 'raw', raw: '{"region":"{{region}}","by":"{{who}}"}' } },
          event: test('pm.test("region from globals", () => pm.expect(JSON.parse(pm.response.json().body).region).to.eql("eu"));',
            'pm.test("who from --env-var", () => pm.expect(JSON.parse(pm.response.json().body).by).to.eql(pm.environment.get("who")));') },
      ],
    },
    { name: 'Missing page', request: { method: 'GET', url: `${base}/status/404` } },
    { name: 'Teapot', request: { method: 'GET', url: `${base}/status/418` }, event: test('pm.test("is a teapot", () => pm.response.to.have.status(418));') },
  ]);
}

interface KeyholeJson {
  collection: { info: { name: string } };
  run: NewmanSummary['run'] & { executions: { passed: boolean; request: { header: { key: string; value: string }[] } }[] };
  summary: { requests: number; failedRequests: number };
}

describe('keyhole run FILE.postman_collection.json, as newman run', () => {
  it('gives newman\'s verdicts, stats and exit status on the same files, masks the secrets newman writes raw, and writes nothing next to the collection', async () => {
    const files = writeFiles({
      'shop.postman_collection.json': shop(api.url),
      'ci.postman_environment.json': environment('CI', [{ key: 'token', value: SECRET, type: 'secret' }, { key: 'unused', value: 'x', enabled: false }]),
      'workspace.postman_globals.json': globalsFile([{ key: 'region', value: 'eu' }]),
      'rows.csv': 'page\n1\n2\n',
    });
    const before = readdirSync(files.dir).sort();
    const out = writeFiles({});
    const args = [
      files.path('shop.postman_collection.json'), '-e', files.path('ci.postman_environment.json'), '-g', files.path('workspace.postman_globals.json'),
      '-d', files.path('rows.csv'), '--env-var', `who=${ENV_VAR}`,
    ];
    const nm = await runNewman({
      collection: args[0], environment: args[2], globals: args[4], iterationData: args[6], envVar: [{ key: 'who', value: ENV_VAR }],
      reporters: ['json'], reporter: { json: { export: out.path('newman.json') } },
    });
    const kh = await keyhole(['run', ...args, '-r', 'cli,json,junit,html', '--reporter-json-export', out.path('k.json'),
      '--reporter-junit-export', out.path('k.xml'), '--reporter-html-export', out.path('k.html')]);

    expect(kh.err).toBe('');
    expect(nm.code).toBe(1);
    expect(kh.code).toBe(nm.code);
    const report = JSON.parse(readFileSync(out.path('k.json'), 'utf8')) as KeyholeJson;
    // Every assertion, in order, as newman judged it, over two data rows; the 404 nobody tests passes in both.
    expect(verdicts(report.run.executions)).toEqual(verdicts(nm.summary.run.executions));
    expect(verdicts(report.run.executions).filter((v) => v.endsWith(': fail'))).toEqual(['List orders / a failing check: fail', 'List orders / a failing check: fail']);
    for (const key of ['iterations', 'requests', 'assertions'] as const) {
      expect({ key, total: report.run.stats[key]?.total, failed: report.run.stats[key]?.failed }).toEqual({ key, total: nm.summary.run.stats[key]?.total, failed: nm.summary.run.stats[key]?.failed });
    }
    expect(report.run.failures).toHaveLength(nm.summary.run.failures.length);
    expect(report.run.executions.map((e) => (e as { response?: { code: number } }).response?.code)).toEqual(nm.summary.run.executions.map((e) => e.response?.code));
    expect(report.collection.info.name).toBe('Shop');
    // The token was sent (the test above checked it against the server's echo)...
    expect(api.requests.filter((r) => r.header('authorization') === `Bearer ${SECRET}`)).toHaveLength(4);
    // ...newman writes it and the --env-var value into its report; Keyhole writes neither anywhere.
    expect(readFileSync(out.path('newman.json'), 'utf8')).toContain(SECRET);
    const everything = [kh.out, kh.err, ...['k.json', 'k.xml', 'k.html'].map((f) => readFileSync(out.path(f), 'utf8'))].join('\n');
    expect(everything).toContain('List orders');
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain(ENV_VAR);
    expect(readdirSync(files.dir).sort()).toEqual(before);
  });

  it('the pipeline line works with only the command changed: `newman run` becomes `keyhole run`, same arguments, same exit status', async () => {
    const files = writeFiles({
      'shop.postman_collection.json': shop(api.url),
      'ci.postman_environment.json': environment('CI', [{ key: 'token', value: SECRET, type: 'secret' }, { key: 'who', value: 'ci' }]),
      'workspace.postman_globals.json': globalsFile([{ key: 'region', value: 'eu' }, { key: 'page', value: '1' }]),
    });
    const line = ['run', 'shop.postman_collection.json', '-e', 'ci.postman_environment.json', '-g', 'workspace.postman_globals.json', '--folder', 'Orders', '-r', 'cli,json', '--reporter-json-export', 'report.json'];
    const run = (bin: string): Promise<{ code: number | null; out: string }> => new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [bin, ...line], { cwd: files.dir, env: { PATH: process.env.PATH ?? '', HOME: files.dir, NO_COLOR: '1', KEYHOLE_FROM_SOURCE: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (c: Buffer) => { out += c.toString('utf8'); });
      child.stderr.on('data', (c: Buffer) => { out += c.toString('utf8'); });
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, out }));
    });
    const nm = await run(join(ROOT, 'node_modules', 'newman', 'bin', 'newman.js'));
    const newmanReport = JSON.parse(readFileSync(join(files.dir, 'report.json'), 'utf8')) as { run: NewmanSummary['run'] };
    const kh = await run(BIN);
    const keyholeReport = JSON.parse(readFileSync(join(files.dir, 'report.json'), 'utf8')) as { run: NewmanSummary['run'] };
    expect(nm.code).toBe(1);
    expect(kh.code, kh.out).toBe(nm.code);
    expect(verdicts(keyholeReport.run.executions)).toEqual(verdicts(newmanReport.run.executions));
    // With no data file, the data-file check fails in both, beside the check that always fails.
    expect(keyholeReport.run.stats.assertions).toMatchObject({ total: 6, failed: 2 });
    expect(kh.out).not.toContain(SECRET);
  });

  it('passes where newman passes (exit 0), and -x turns a failed run into exit 0', async () => {
    const files = writeFiles({ 'ok.json': collection('OK', [{ name: 'Teapot', request: { method: 'GET', url: `${api.url}/status/418` }, event: test('pm.test("418", () => pm.response.to.have.status(418));') }]) });
    expect((await runNewman({ collection: files.path('ok.json') })).code).toBe(0);
    expect((await keyhole(['run', files.path('ok.json')])).code).toBe(0);
    const failing = writeFiles({ 'bad.json': shop(api.url) });
    const r = await keyhole(['run', failing.path('bad.json'), '-x', '--env-var', 'token=t', '--global-var', 'region=eu', '--env-var', 'who=w', '--global-var', 'page=1']);
    expect(r.out).toMatch(/✗ a failing check/);
    expect(r.code).toBe(0);
  });

  it('exits 2 for usage errors newman would also refuse, naming what is wrong', async () => {
    const files = writeFiles({ 'c.json': collection('C', [{ name: 'A', request: `${api.url}/echo` }]), 'env.json': environment('E', []) });
    const cases: [string[], RegExp][] = [
      [['run', files.path('missing.json')], /missing\.json does not exist/],
      [['run', files.path('env.json')], /postman-environment file, not a collection/],
      [['run', files.path('c.json'), '-r', 'cli,teamcity'], /Unknown reporter teamcity/],
      [['run', files.path('c.json'), '--bail', 'sometimes'], /--bail takes folder, failure or both/],
      [['run', files.path('c.json'), '--color', 'pink'], /--color takes on, off or auto/],
      [['run', files.path('c.json'), '--folder', 'Nope'], /No folder "Nope"/],
      [['run', files.path('c.json'), '-e', files.path('c.json')], /is not a Postman environment or globals file/],
      [['run', files.path('c.json'), '-e', 'Staging'], /No environment file or environment named "Staging"/],
      [['run', files.path('c.json'), '--env-var', 'novalue'], /--env-var expects name=value/],
      [['run', files.path('c.json'), '--delay-request', 'soon'], /--delay takes a whole number/],
      [['run', files.path('c.json'), '-n', '2', '--iteration-count', '3'], /are the same option/],
      [['run', files.path('c.json'), '--shard', '3/2'], /--shard takes i\/n/],
    ];
    for (const [args, message] of cases) {
      const r = await keyhole(args);
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.err).toMatch(message);
    }
  });
});
