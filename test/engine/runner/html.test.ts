import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnoseExchange } from '../../../electron/cli/diagnose';
import { htmlReporter, runCollection, scriptedExecutor, type RequestResult } from '../../../electron/engine/runner';
import { createScriptEngine, type ScriptEngine } from '../../../electron/engine/scripts';
import type { SecretStore } from '../../../electron/engine/secrets';
import { openSession } from '../../../electron/engine/session';
import { Collection } from '../../../shared/model';
import { DEMO_SECRET_VALUES, EXAMPLE, EXAMPLE_SECRETS, keyhole } from '../../cli/harness';
import { startDemoServer } from '../../../electron/engine/demo';

const EVIL = '<script>alert(1)</script>';
let server: Server;
let base = '';
let engine: ScriptEngine;

beforeAll(async () => {
  engine = await createScriptEngine();
  server = createServer((req, res) => {
    if (req.url === '/evil') {
      res.writeHead(200, { 'content-type': 'application/json', 'x-evil': EVIL });
      res.end('{"name":"<img src=x onerror=alert(2)>"}');
    } else if (req.url === '/private') {
      res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer realm="api", error="invalid_token", error_description="The access token expired"' });
      res.end('{"error":"invalid_token"}');
    } else {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  engine.dispose();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

/** The markup of a document: every tag, in order, with its attributes' raw text. */
function tags(html: string): { name: string; closing: boolean; attrs: string }[] {
  const out: { name: string; closing: boolean; attrs: string }[] = [];
  for (const m of html.replace(/^<!DOCTYPE html>/i, '').matchAll(/<(\/?)([a-zA-Z][\w-]*)([^>]*)>/g)) {
    out.push({ closing: m[1] === '/', name: (m[2] ?? '').toLowerCase(), attrs: m[3] ?? '' });
  }
  return out;
}

const VOID = new Set(['meta', 'br', 'line']);
const ALLOWED = new Set(['html', 'head', 'meta', 'title', 'style', 'body', 'header', 'h1', 'h2', 'div', 'span', 'b', 'br', 'section', 'table', 'thead', 'tbody', 'tr', 'th', 'td',
  'details', 'summary', 'ul', 'li', 'pre', 'p', 'svg', 'rect', 'title', 'text', 'line', 'footer']);

/** Checks the document is well nested, uses only the elements the reporter writes and loads nothing. */
function checkStructure(html: string): void {
  const stack: string[] = [];
  const problems: string[] = [];
  for (const t of tags(html)) {
    if (!ALLOWED.has(t.name)) problems.push(`unexpected <${t.name}>`);
    if (/\s(on\w+|src|href)\s*=/i.test(t.attrs)) problems.push(`<${t.name}${t.attrs}> loads or runs something`);
    if (VOID.has(t.name) || t.attrs.endsWith('/')) continue;
    if (!t.closing) stack.push(t.name);
    else if (stack.pop() !== t.name) problems.push(`</${t.name}> closes the wrong element`);
  }
  expect(problems.slice(0, 5)).toEqual([]);
  expect(stack).toEqual([]);
  expect(tags(html).filter((t) => t.name === 'style' && !t.closing)).toHaveLength(1);
}

const rows = (html: string) => [...html.matchAll(/<tr class="request (\w+)" id="r(\d+)">([\s\S]*?)<\/tr>/g)].map((m) => ({ cls: m[1], index: Number(m[2]), html: m[3] ?? '' }));

async function render(results: Iterable<RequestResult>, total: number, opts = {}): Promise<string> {
  let html = '';
  const rep = htmlReporter((t) => { html += t; }, opts);
  await rep.onStart?.({ collection: 'Synthetic', iterations: 1, total, startedAt: new Date(0).toISOString() });
  let requests = 0;
  let failed = 0;
  for (const r of results) { requests++; if (!r.passed) failed++; await rep.onRequest(r); }
  await rep.onEnd?.({ collection: 'Synthetic', iterations: 1, requests, failedRequests: failed, assertions: requests, failedAssertions: failed, durationMs: 1234, bailed: false });
  return html;
}

describe('the HTML reporter', () => {
  it('reports a real run: one row per request, failures open, the diagnosis under the refusal, logs, and nothing a server or script sent becomes markup', async () => {
    const collection = Collection.parse({
      name: `Report ${EVIL}`, variables: [{ key: 'base', value: base }],
      items: [
        { kind: 'request', name: 'Fine', method: 'GET', url: '{{base}}/ok', scripts: { test: "pm.test('is ok', () => pm.expect(pm.response.json().ok).to.equal(true));" } },
        { kind: 'request', name: `Evil ${EVIL}`, method: 'GET', url: '{{base}}/evil', scripts: {
          test: `console.log('name is ' + pm.response.json().name); pm.test('${EVIL}', () => pm.expect(pm.response.json().name).to.equal('<b>bold</b>'));`,
        } },
        { kind: 'request', name: 'Refused', method: 'GET', url: '{{base}}/private', auth: { type: 'bearer', token: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.' } },
      ],
    });
    const session = await openSession({ collection, secrets: noSecrets, tempDir: mkdtempSync(join(tmpdir(), 'keyhole-html-')) });
    let html = '';
    const summary = await runCollection({
      collection, execute: scriptedExecutor({ session, collection, engine, iterationCount: 1 }), diagnose: diagnoseExchange,
      reporters: [htmlReporter((t) => { html += t; })],
    });
    expect(summary.failedRequests).toBe(2);
    checkStructure(html);
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('x-evil: &lt;script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(2)&gt;');

    const r = rows(html);
    expect(r.map((x) => x.cls)).toEqual(['pass', 'fail', 'fail']);
    // Only the scripts' pm.test are assertions; a refused status is the row's own failure line.
    expect(r[0]?.html).toMatch(/<details><summary class="ok">1\/1 passed/);
    expect(r[1]?.html).toMatch(/<details open><summary class="bad">0\/1 passed<\/summary>/);
    expect(r[2]?.html).toContain('<div class="bad">✗ status is below 400: got 401 Unauthorized</div>');
    expect(r[2]?.html).not.toContain('<details open>');
    expect(r[1]?.html).toMatch(/✗ &lt;script&gt;alert\(1\)&lt;\/script&gt;: AssertionError: expected &#39;&lt;img/);
    expect(r[1]?.html).toMatch(/Script log \(1\)[\s\S]*name is &lt;img/);
    expect(r[2]?.html).toMatch(/401 Unauthorized/);
    expect(r[2]?.html).toMatch(/<div class="why"><b class="warn">Why: [^<]+<\/b> <span class="muted">\[[\w-]+, \d+%\]/);
    // The chart: one bar per request, each titled with its request.
    const svg = /<svg class="timing bars"[\s\S]*?<\/svg>/.exec(html)?.[0] ?? '';
    expect(svg.match(/<rect /g)).toHaveLength(3);
    expect(svg).toContain('<title>#2 Evil &lt;script&gt;');
    expect(html).toMatch(/Requests<\/span><b class="bad">1\/3 passed/);
    expect(html).toContain('<title>Report &lt;script&gt;');
  });

  it('keeps the chart bounded for 5,000 requests: a histogram instead of a bar each, every row still there', async () => {
    function* many(): Generator<RequestResult> {
      for (let i = 0; i < 5000; i++) {
        yield { iteration: 0, index: i, path: `r${i}`, method: 'GET', url: `http://h/${i}`, passed: i % 100 !== 0, durationMs: 1 + (i % 37) * 3,
          assertions: [{ name: 'status is below 400', passed: i % 100 !== 0, message: i % 100 === 0 ? 'got 500' : undefined }] };
      }
    }
    const html = await render(many(), 5000);
    checkStructure(html);
    expect(rows(html)).toHaveLength(5000);
    expect(rows(html).filter((r) => r.cls === 'fail')).toHaveLength(50);
    expect(html).not.toContain('class="timing bars"');
    const svg = /<svg class="timing histogram"[\s\S]*?<\/svg>/.exec(html)?.[0] ?? '';
    const rects = svg.match(/<rect /g) ?? [];
    expect(rects.length).toBeGreaterThan(3);
    expect(rects.length).toBeLessThan(200);
    // Every request is counted once across the buckets.
    // A bucket with passes and failures draws two rects with the same title: count each bucket once.
    const counted = [...svg.matchAll(/<title>([^<]*): (\d+) passed, (\d+) failed<\/title>/g)];
    const byLabel = new Map(counted.map((m) => [m[1], Number(m[2]) + Number(m[3])]));
    expect([...byLabel.values()].reduce((a, b) => a + b, 0)).toBe(5000);
  });

  it('says so when nothing ran, and still closes the document', async () => {
    const html = await render([], 0);
    checkStructure(html);
    expect(rows(html)).toHaveLength(0);
    expect(html).toContain('No requests ran.');
  });

  it('keyhole run -r html writes the report next to the others, with no secret in it', async () => {
    const demo = await startDemoServer();
    try {
      const dir = mkdtempSync(join(tmpdir(), 'keyhole-html-cli-'));
      const out = join(dir, 'run.html');
      const r = await keyhole(['run', EXAMPLE, '-e', 'production', '-r', 'html', '--html-out', out, '--var', `baseUrl=${demo.url}`, '--secrets', EXAMPLE_SECRETS]);
      expect(r.code, r.out + r.err).toBe(0);
      const html = readFileSync(out, 'utf8');
      checkStructure(html);
      expect(rows(html)).toHaveLength(11);
      expect(html).toContain('class="why"');
      for (const secret of DEMO_SECRET_VALUES) expect(html).not.toContain(secret);
      expect(html).not.toMatch(/eyJ[\w-]{20,}\.[\w-]{20,}\.[\w-]{20,}/);
    } finally {
      await demo.close();
    }
  });
});

const noSecrets: SecretStore = { get: async () => undefined, set: async () => {}, delete: async () => {}, describe: () => '' };
