// Issue 18 section 1: newman's run options, one by one, with newman's meanings; newman is the
// oracle where both can run the same thing.
import { createPrivateKey } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpsServer } from '../servers/https';
import type { HttpTestServer } from '../servers/http';
import { startSilentServer } from '../servers/silent';
import { keyhole } from './harness';
import { collection, environment, runNewman, startApi, test, writeFiles, type PmItem } from './postman-files';

let api: HttpTestServer;
beforeAll(async () => { api = await startApi(); });
afterAll(async () => { await api.close(); });

const get = (name: string, path: string, event?: unknown[]): PmItem => ({ name, request: { method: 'GET', url: `${api.url}${path}` }, ...(event ? { event } : {}) });
const seen = (from: number): string[] => api.requests.slice(from).map((r) => r.url);

interface Report { run: { executions: { item: { name: string }; response?: { code: number }; requestError?: { code: string } }[] } }
const report = (path: string): Report => JSON.parse(readFileSync(path, 'utf8')) as Report;

describe('newman\'s run options', () => {
  it('--folder (repeatable, folders or requests) runs what newman runs, in collection order', async () => {
    const files = writeFiles({
      'c.json': collection('Folders', [
        { name: 'A', item: [get('a1', '/echo?r=a1'), get('a2', '/echo?r=a2')] },
        { name: 'B', item: [get('b1', '/echo?r=b1')] },
        { name: 'C', item: [{ name: 'Inner', item: [get('c1', '/echo?r=c1')] }] },
        get('Solo', '/echo?r=solo'),
      ]),
    });
    const nm = await runNewman({ collection: files.path('c.json'), folder: ['C', 'Solo', 'A'] });
    const start = api.requests.length;
    const r = await keyhole(['run', files.path('c.json'), '--folder', 'C', '--folder', 'Solo', '--folder', 'A']);
    expect(r.code).toBe(0);
    const names = nm.summary.run.executions.map((e) => e.item.name);
    expect(names).toEqual(['a1', 'a2', 'c1', 'Solo']);
    expect(seen(start)).toEqual(['/echo?r=a1', '/echo?r=a2', '/echo?r=c1', '/echo?r=solo']);
  });

  it('--bail stops at the first failure; --bail folder only at a request that could not be sent; as newman', async () => {
    const files = writeFiles({
      'c.json': collection('Bail', [
        get('Fails a test', '/echo', test('pm.test("never", () => pm.expect(1).to.eql(2));')),
        { name: 'Refused', request: { method: 'GET', url: 'http://127.0.0.1:1/nothing' } },
        get('Fine', '/echo'),
      ]),
    });
    const out = writeFiles({});
    for (const [flag, bail, expected] of [[['--bail'], true, 1], [['--bail', 'failure'], ['failure'], 1], [['--bail', 'folder'], ['folder'], 2]] as const) {
      const nm = await runNewman({ collection: files.path('c.json'), bail });
      const r = await keyhole(['run', files.path('c.json'), ...flag, '-r', 'json', '--reporter-json-export', out.path('r.json')]);
      expect({ flag, code: r.code }).toEqual({ flag, code: nm.code });
      expect({ flag, ran: report(out.path('r.json')).run.executions.map((e) => e.item.name) }).toEqual({ flag, ran: nm.summary.run.executions.map((e) => e.item.name) });
      expect({ flag, ran: nm.summary.run.executions.length }).toEqual({ flag, ran: expected });
    }
  });

  it('-n, --delay-request and --global-var: newman\'s names run the collection as many times', async () => {
    const files = writeFiles({ 'c.json': collection('Loop', [get('Ping', '/echo?n={{n}}')]) });
    const start = api.requests.length;
    const r = await keyhole(['run', files.path('c.json'), '-n', '3', '--delay-request', '5', '--global-var', 'n=7']);
    expect(r.code).toBe(0);
    expect(seen(start)).toEqual(['/echo?n=7', '/echo?n=7', '/echo?n=7']);
  });

  it('--ignore-redirects hands the 302 to the tests, as newman does', async () => {
    const files = writeFiles({ 'c.json': collection('Redirects', [get('Go', '/redirect', test('pm.test("saw the redirect", () => pm.response.to.have.status(302));'))]) });
    const nm = await runNewman({ collection: files.path('c.json'), ignoreRedirects: true });
    expect(nm.code).toBe(0);
    expect((await keyhole(['run', files.path('c.json'), '--ignore-redirects'])).code).toBe(0);
    // Followed (the default), the test sees the 200 at the end of the redirect and fails in both.
    expect((await runNewman({ collection: files.path('c.json') })).code).toBe(1);
    expect((await keyhole(['run', files.path('c.json')])).code).toBe(1);
  });

  it('--timeout-request ends a slow request, --timeout ends the run (exit 1), --timeout-script bounds a script', async () => {
    const files = writeFiles({ 'slow.json': collection('Slow', [get('Slow', '/slow')]) });
    const r = await keyhole(['run', files.path('slow.json'), '--timeout-request', '200']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/✗ Slow .* ERR/);
    expect(r.out).toMatch(/timed out|time limit|200 ms/i);
    const silent = await startSilentServer();
    try {
      const hang = writeFiles({ 'hang.json': collection('Hang', [{ name: 'Never answered', request: `${silent.url}/` }, get('After', '/echo')]) });
      const t = await keyhole(['run', hang.path('hang.json'), '--timeout', '300']);
      expect(t.code).toBe(1);
      expect(t.err).toContain('stopped after --timeout 300 ms');
      expect(t.out).not.toContain('After');
    } finally {
      await silent.close();
    }
    // A script busy for 1.2 s: past Keyhole's default limit of 1 s, within a --timeout-script of 10 s.
    const busy = writeFiles({ 'busy.json': collection('Busy', [get('Busy', '/echo', test('const t = Date.now(); while (Date.now() - t < 1200) {}', 'pm.test("done", () => {});'))]) });
    expect((await keyhole(['run', busy.path('busy.json')])).code).toBe(1);
    expect((await keyhole(['run', busy.path('busy.json'), '--timeout-script', '10000'])).code).toBe(0);
  });

  it('-k and --ssl-extra-ca-certs let a run reach a server with a private CA; --ssl-client-cert/-key/-passphrase present a certificate', async () => {
    const https = await startHttpsServer((_req, res) => { res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"ok":true}'); });
    const mtls = await startHttpsServer((_req, res) => { res.writeHead(200); res.end('ok'); }, { requireClientCert: true });
    try {
      const files = writeFiles({ 'tls.json': collection('TLS', [{ name: 'Private CA', request: `${https.url}/` }]), 'mtls.json': collection('mTLS', [{ name: 'Client cert', request: `${mtls.url}/` }]) });
      expect((await keyhole(['run', files.path('tls.json')])).code).toBe(1);
      expect((await keyhole(['run', files.path('tls.json'), '-k'])).code).toBe(0);
      expect((await keyhole(['run', files.path('tls.json'), '--ssl-extra-ca-certs', https.caFile])).code).toBe(0);

      const passphrase = 'client-key-passphrase-9Rt';
      const encrypted = createPrivateKey(mtls.pki.clientKey).export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase });
      writeFileSync(join(files.dir, 'client-key.pem'), encrypted);
      const args = ['run', files.path('mtls.json'), '--ssl-extra-ca-certs', mtls.caFile, '--ssl-client-cert', mtls.files.clientCertFile];
      expect((await keyhole(args)).code).toBe(1);
      const r = await keyhole([...args, '--ssl-client-key', join(files.dir, 'client-key.pem'), '--ssl-client-passphrase', passphrase, '--verbose']);
      expect(r.code).toBe(0);
      expect(mtls.clientCertSubjects).toContain('keyhole-test-client');
      expect(r.out + r.err).not.toContain(passphrase);
    } finally {
      await https.close();
      await mtls.close();
    }
  });

  it('--export-cookie-jar and --cookie-jar carry a login from one run to the next, between newman and Keyhole both ways', async () => {
    const files = writeFiles({
      'login.json': collection('Login', [get('Log in', '/login')]),
      'whoami.json': collection('Who', [get('Who am I', '/whoami', test('pm.test("logged in", () => pm.response.to.have.status(200));'))]),
    });
    // Without a jar the second run is not logged in, in either runner.
    expect((await keyhole(['run', files.path('whoami.json')])).code).toBe(1);
    await runNewman({ collection: files.path('login.json'), exportCookieJar: files.path('newman-jar.json') });
    expect((await keyhole(['run', files.path('whoami.json'), '--cookie-jar', files.path('newman-jar.json')])).code).toBe(0);

    const r = await keyhole(['run', files.path('login.json'), '--export-cookie-jar', files.path('keyhole-jar.json')]);
    expect(r.err).toContain(`Exported the cookie jar to ${files.path('keyhole-jar.json')}`);
    expect((await runNewman({ collection: files.path('whoami.json'), cookieJar: files.path('keyhole-jar.json') })).code).toBe(0);
    expect((await keyhole(['run', files.path('whoami.json'), '--cookie-jar', files.path('keyhole-jar.json')])).code).toBe(0);
  });

  it('--export-environment and --export-globals write what the scripts left, in a file newman reads; secrets only where the input file had them', async () => {
    const files = writeFiles({
      'c.json': collection('Export', [get('Set', '/echo', test('pm.environment.set("orderId", "42");', 'pm.globals.set("seen", "yes");'))]),
      'env.json': environment('Staging', [{ key: 'token', value: 'file-secret-8Hy', type: 'secret' }, { key: 'off', value: 'kept', enabled: false }]),
      'check.json': collection('Check', [get('Check', '/echo', test(
        'pm.test("orderId came through", () => pm.expect(pm.environment.get("orderId")).to.eql("42"));',
        'pm.test("token came through", () => pm.expect(pm.environment.get("token")).to.eql("file-secret-8Hy"));',
        'pm.test("globals came through", () => pm.expect(pm.globals.get("seen")).to.eql("yes"));',
      ))]),
    });
    const r = await keyhole(['run', files.path('c.json'), '-e', files.path('env.json'), '--env-var', 'apiKey=cli-secret-4Ff',
      '--export-environment', files.path('out-env.json'), '--export-globals', files.path('out-globals.json')]);
    expect(r.code).toBe(0);
    expect(r.err).toContain('Secret values left empty in it: apiKey');
    const env = JSON.parse(readFileSync(files.path('out-env.json'), 'utf8')) as { name: string; values: { key: string; value: string; type: string; enabled: boolean }[]; _postman_variable_scope: string };
    expect(env.name).toBe('Staging');
    expect(env._postman_variable_scope).toBe('environment');
    expect(env.values).toEqual(expect.arrayContaining([
      { key: 'token', value: 'file-secret-8Hy', type: 'secret', enabled: true },
      { key: 'orderId', value: '42', type: 'default', enabled: true },
      { key: 'apiKey', value: '', type: 'secret', enabled: true },
      { key: 'off', value: 'kept', type: 'default', enabled: false },
    ]));
    expect(readFileSync(files.path('out-env.json'), 'utf8')).not.toContain('cli-secret-4Ff');
    const nm = await runNewman({ collection: files.path('check.json'), environment: files.path('out-env.json'), globals: files.path('out-globals.json') });
    expect(nm.code).toBe(0);
    expect((await keyhole(['run', files.path('check.json'), '-e', files.path('out-env.json'), '-g', files.path('out-globals.json')])).code).toBe(0);
  });

  it('--working-dir is the base of relative body files; --no-insecure-file-read refuses one outside it', async () => {
    const files = writeFiles({
      'c.json': collection('Upload', [{ name: 'Upload', request: { method: 'POST', url: `${api.url}/echo`, body: { mode: 'file', file: { src: 'upload.txt' } } },
        event: test('pm.test("the server got the file", () => pm.expect(pm.response.json().body).to.eql("from the working folder"));') }]),
      'outside.json': collection('Outside', [{ name: 'Upload', request: { method: 'POST', url: `${api.url}/echo`, body: { mode: 'file', file: { src: '../outside.txt' } } } }]),
    });
    const work = writeFiles({ 'upload.txt': 'from the working folder' });
    writeFileSync(join(work.dir, '..', 'outside.txt'), 'outside');
    const nm = await runNewman({ collection: files.path('c.json'), workingDir: work.dir });
    expect(nm.code).toBe(0);
    expect((await keyhole(['run', files.path('c.json'), '--working-dir', work.dir])).code).toBe(0);
    // newman sends the request without the file it cannot find and passes; Keyhole refuses to send it (exit 2).
    const missing = await keyhole(['run', files.path('c.json'), '--working-dir', files.dir]);
    expect(missing.code).toBe(2);
    expect(missing.out).toContain(join(files.dir, 'upload.txt'));

    const start = api.requests.length;
    // Unlike newman, a file outside the working folder needs --allow-files-outside (SECURITY.md, guarantee 10).
    const confined = await keyhole(['run', files.path('outside.json'), '--working-dir', work.dir]);
    expect(confined.code).toBe(2);
    expect(confined.out).toContain('--allow-files-outside');
    const allowed = await keyhole(['run', files.path('outside.json'), '--working-dir', work.dir, '--allow-files-outside']);
    expect(allowed.code).toBe(0);
    const refused = await keyhole(['run', files.path('outside.json'), '--working-dir', work.dir, '--allow-files-outside', '--no-insecure-file-read']);
    expect(refused.code).toBe(2);
    expect(refused.out).toContain('outside the working folder');
    expect(api.requests.length - start).toBe(1);
  });

  it('--verbose shows both sides\' headers (masked) and the timing phases; --color on|off decides the escapes; --silent prints nothing', async () => {
    const files = writeFiles({ 'c.json': collection('Verbose', [{ name: 'Echo', request: { method: 'GET', url: `${api.url}/echo`, header: [{ key: 'Authorization', value: 'Bearer {{token}}' }] } }]) });
    const v = await keyhole(['run', files.path('c.json'), '--verbose', '--color', 'off', '--env-var', 'token=verbose-token-2Ab']);
    expect(v.code).toBe(0);
    expect(v.out).toMatch(/→ GET http:\/\/127\.0\.0\.1:\d+\/echo/);
    expect(v.out).toMatch(/← HTTP\/1\.1 200/);
    expect(v.out).toMatch(/content-type: application\/json/i);
    expect(v.out).toMatch(/time: dns .* total/);
    expect(v.out).toMatch(/Authorization: Bearer /);
    expect(v.out).not.toContain('verbose-token-2Ab');
    expect(v.out).not.toContain('\u001b[');
    expect((await keyhole(['run', files.path('c.json'), '--color', 'on', '--env-var', 'token=t'])).out).toContain('\u001b[');
    const s = await keyhole(['run', files.path('c.json'), '--silent', '--env-var', 'token=t']);
    expect(s).toMatchObject({ code: 0, out: '' });
  });

  it('runs an Insomnia export and a Keyhole archive file too, picking their environments by name', async () => {
    const files = writeFiles({
      'insomnia.json': {
        _type: 'export', __export_format: 4, resources: [
          { _id: 'wrk_1', parentId: null, name: 'Insomnia shop', _type: 'workspace' },
          { _id: 'env_base', parentId: 'wrk_1', name: 'Base Environment', data: {}, _type: 'environment' },
          { _id: 'env_local', parentId: 'env_base', name: 'Local', data: { base: api.url }, _type: 'environment' },
          { _id: 'req_1', parentId: 'wrk_1', name: 'Ping', method: 'GET', url: '{{ _.base }}/echo?from=insomnia', body: {}, headers: [], _type: 'request' },
        ],
      },
      'archive.json': {
        keyholeArchive: 1,
        collection: { name: 'Archived', items: [{ kind: 'request', name: 'Ping', method: 'GET', url: '{{base}}/echo?from=archive' }] },
        environments: [{ name: 'Local', variables: [{ key: 'base', value: api.url }] }],
      },
    });
    const start = api.requests.length;
    const ins = await keyhole(['run', files.path('insomnia.json'), '-e', 'local']);
    expect(ins.err).toBe('');
    expect(ins.code).toBe(0);
    const arc = await keyhole(['run', files.path('archive.json'), '-e', 'Local']);
    expect(arc.code).toBe(0);
    expect(seen(start)).toEqual(['/echo?from=insomnia', '/echo?from=archive']);
    expect((await keyhole(['run', files.path('archive.json'), '-e', 'Prod'])).err).toContain('The collection file holds: Local');
  });
});
