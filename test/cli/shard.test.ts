// Issue 18 section 4: n CI jobs each run a share of a suite (`--shard i/n`), and `keyhole report
// merge` joins their reports into what one job running everything would have written.
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpTestServer } from '../servers/http';
import { keyhole } from './harness';
import { collection, startApi, test, verdicts, writeFiles, type PmItem } from './postman-files';

let api: HttpTestServer;
beforeAll(async () => { api = await startApi(); });
afterAll(async () => { await api.close(); });

const get = (name: string, path: string, event?: unknown[]): PmItem => ({ name, request: { method: 'GET', url: `${api.url}${path}` }, ...(event ? { event } : {}) });
const ok = (name: string) => test(`pm.test("${name} answered", () => pm.response.to.have.status(200));`);

/** Four folders; Checkout jumps to Payments/Refund (skipping Charge), and one test fails on purpose. */
function suite() {
  return collection('Suite', [
    { name: 'Catalog', item: [get('List', '/echo?c=1', ok('List')), get('Item', '/echo?c=2', ok('Item')), get('Missing', '/status/404', test('pm.test("missing is 200", () => pm.response.to.have.status(200));'))] },
    { name: 'Checkout', item: [get('Cart', '/echo?k=1', test('pm.test("cart", () => pm.response.to.have.status(200));', 'postman.setNextRequest("Refund");'))] },
    { name: 'Payments', item: [get('Charge', '/echo?p=charge', ok('Charge')), get('Refund', '/echo?p=refund', ok('Refund'))] },
    { name: 'Users', item: [get('Me', '/echo?u=1', ok('Me')), get('Teams', '/echo?u=2', ok('Teams'))] },
  ]);
}

interface Report {
  run: { executions: { item: { name: string }; assertions?: { assertion: string; error?: { message: string } }[] }[]; stats: Record<string, { total: number; failed: number }>; failures: unknown[] };
  summary: { requests: number; failedRequests: number; assertions: number; failedAssertions: number };
}
const json = (path: string): Report => JSON.parse(readFileSync(path, 'utf8')) as Report;
const cases = (xml: string): string[] => [...xml.matchAll(/<testcase [^>]*name="([^"]*)"/g)].map((m) => m[1] as string).sort();

describe('keyhole run --shard and keyhole report merge', () => {
  it('three shards run each request once between them, keep the jump across folders, and their merged reports equal one full run\'s', async () => {
    const files = writeFiles({ 'suite.json': suite() });
    const out = (f: string) => files.path(f);
    const start = api.requests.length;
    const full = await keyhole(['run', out('suite.json'), '-r', 'json,junit', '--reporter-json-export', out('full.json'), '--reporter-junit-export', out('full.xml')]);
    expect(full.code).toBe(1);
    const once = api.requests.slice(start).map((r) => r.url).sort();
    // The jump skipped Charge in the full run; it must skip it when sharded too.
    expect(once).not.toContain('/echo?p=charge');

    const shardStart = api.requests.length;
    const codes: number[] = [];
    for (const i of [1, 2, 3]) {
      const r = await keyhole(['run', out('suite.json'), '--shard', `${i}/3`, '-r', 'json,junit', '--reporter-json-export', out(`s${i}.json`), '--reporter-junit-export', out(`s${i}.xml`)]);
      expect(r.err).toMatch(new RegExp(`^shard ${i}/3: \\d+ requests: `));
      codes.push(r.code);
    }
    expect(api.requests.slice(shardStart).map((r) => r.url).sort()).toEqual(once);
    // Only the shard holding Catalog fails (its 404 check); the others pass.
    expect(codes.filter((c) => c === 1)).toHaveLength(1);

    const m = await keyhole(['report', 'merge', out('s1.json'), out('s2.json'), out('s3.json'), '--out', out('merged.json')]);
    expect(m.code).toBe(0);
    expect(m.err).toContain(`Merged 3 reports into ${out('merged.json')}`);
    const merged = json(out('merged.json'));
    const whole = json(out('full.json'));
    expect(verdicts(merged.run.executions).sort()).toEqual(verdicts(whole.run.executions).sort());
    expect(merged.run.stats).toEqual(whole.run.stats);
    expect(merged.run.failures).toHaveLength(whole.run.failures.length);
    expect(merged.summary).toMatchObject({ requests: whole.summary.requests, failedRequests: whole.summary.failedRequests, assertions: whole.summary.assertions, failedAssertions: whole.summary.failedAssertions });

    const x = await keyhole(['report', 'merge', out('s1.xml'), out('s2.xml'), out('s3.xml')]);
    expect(x.code).toBe(0);
    const fullXml = readFileSync(out('full.xml'), 'utf8');
    expect(cases(x.out)).toEqual(cases(fullXml));
    const head = (xml: string) => /<testsuites name="keyhole" tests="(\d+)" failures="(\d+)" errors="(\d+)"/.exec(xml)?.slice(1);
    expect(head(x.out)).toEqual(head(fullXml));
    expect((x.out.match(/<testsuite /g) ?? []).length).toBe(1);
  });

  it('refuses to merge a mix of kinds, or a file that is not a report, naming it', async () => {
    const files = writeFiles({});
    writeFileSync(files.path('a.json'), '{"run":{"executions":[],"stats":{}}}');
    writeFileSync(files.path('b.xml'), '<testsuites/>');
    writeFileSync(files.path('c.json'), '{"hello":1}');
    const mixed = await keyhole(['report', 'merge', files.path('a.json'), files.path('b.xml')]);
    expect(mixed.code).toBe(2);
    expect(mixed.err).toContain('all be JSON or all be JUnit');
    const notReport = await keyhole(['report', 'merge', files.path('a.json'), files.path('c.json')]);
    expect(notReport.code).toBe(2);
    expect(notReport.err).toContain(`${files.path('c.json')} is not a keyhole run JSON report`);
    const noSuite = await keyhole(['report', 'merge', files.path('b.xml')]);
    expect(noSuite.err).toContain('holds no <testsuite>');
  });
});
