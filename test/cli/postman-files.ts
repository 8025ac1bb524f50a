import { mkdtempSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRequestBody, sendJson, startHttpServer, type HttpTestServer } from '../servers/http';

/**
 * An API for the newman-compatibility tests: /echo answers with what it got, /status/N with that
 * status, /redirect sends to /echo, /login sets a cookie that /whoami reads back, /slow answers
 * after 3 s (for time limits; the test closes it sooner).
 */
export function startApi(): Promise<HttpTestServer> {
  return startHttpServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    void readRequestBody(req).then((body) => {
      const p = url.pathname;
      if (p.startsWith('/status/')) return sendJson(res, Number(p.slice(8)) || 500, { status: Number(p.slice(8)) });
      if (p === '/redirect') { res.writeHead(302, { location: '/echo?from=redirect' }); res.end(); return; }
      if (p === '/login') { res.setHeader('set-cookie', 'session=cookie-value-7Qz; Path=/'); return sendJson(res, 200, { ok: true }); }
      if (p === '/whoami') return sendJson(res, req.headers.cookie?.includes('session=cookie-value-7Qz') ? 200 : 401, { cookie: req.headers.cookie ?? null });
      if (p === '/slow') { const t = setTimeout(() => sendJson(res, 200, { slow: true }), 3000); res.on('close', () => clearTimeout(t)); return; }
      return sendJson(res, 200, { method: req.method, path: p, query: Object.fromEntries(url.searchParams), headers: req.headers, body: body.toString('utf8') });
    });
  });
}

export interface PmItem { name: string; request?: unknown; item?: PmItem[]; event?: unknown[] }

export const test = (...lines: string[]) => [{ listen: 'test', script: { type: 'text/javascript', exec: lines } }];
export const pre = (...lines: string[]) => [{ listen: 'prerequest', script: { type: 'text/javascript', exec: lines } }];

export function collection(name: string, item: PmItem[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { info: { name, schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' }, item, ...extra };
}

export function environment(name: string, values: { key: string; value: string; type?: string; enabled?: boolean }[]): Record<string, unknown> {
  return { id: 'e1', name, values: values.map((v) => ({ type: 'default', enabled: true, ...v })), _postman_variable_scope: 'environment' };
}

export function globalsFile(values: { key: string; value: string; type?: string }[]): Record<string, unknown> {
  return { id: 'g1', name: 'Globals', values: values.map((v) => ({ type: 'default', enabled: true, ...v })), _postman_variable_scope: 'globals' };
}

/** Writes JSON documents into a fresh folder (the folder a pipeline checks out) and returns their paths. */
export function writeFiles(files: Record<string, unknown>): { dir: string; path: (name: string) => string } {
  const dir = mkdtempSync(join(tmpdir(), 'keyhole-pm-'));
  for (const [name, doc] of Object.entries(files)) writeFileSync(join(dir, name), typeof doc === 'string' ? doc : JSON.stringify(doc, null, 2));
  return { dir, path: (name) => join(dir, name) };
}

interface NewmanAssertion { assertion: string; skipped?: boolean; error?: { message: string } }
export interface NewmanSummary {
  run: {
    executions: { item: { name: string }; assertions?: NewmanAssertion[]; response?: { code: number } }[];
    failures: unknown[];
    stats: Record<string, { total: number; failed: number }>;
  };
}
type NewmanRun = (o: Record<string, unknown>, cb: (err: Error | null, summary: NewmanSummary) => void) => void;

/**
 * newman.run as its CLI calls it, and the exit status its CLI would give: 1 when anything failed
 * or the run ended with an error (--bail does that), 0 otherwise.
 */
export async function runNewman(o: Record<string, unknown>): Promise<{ summary: NewmanSummary; code: number }> {
  const newman = (await import('newman')).default as unknown as { run: NewmanRun };
  return new Promise((resolve, reject) => {
    newman.run({ reporters: [], ...o }, (err, s) => {
      if (err && !s) reject(err);
      else resolve({ summary: s, code: err || s.run.failures.length > 0 ? 1 : 0 });
    });
  });
}

/** "Request / assertion: pass|fail" for every assertion of a newman-shaped run.executions. */
export function verdicts(executions: { item: { name: string }; assertions?: NewmanAssertion[] }[]): string[] {
  return executions.flatMap((e) => (e.assertions ?? []).map((a) => `${e.item.name} / ${a.assertion}: ${a.skipped ? 'skipped' : a.error ? 'fail' : 'pass'}`));
}
