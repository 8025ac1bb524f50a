import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isKeyholeError } from '../../shared/errors';
import type { Api, RunProgress } from '../../shared/ipc';
import { apiOverServer } from './api-harness';

let base: string;
let api: Api;
let close: () => Promise<void>;
/** Requests to /slow that are still waiting; the test answers or drops them. */
const waiting: (() => void)[] = [];

beforeAll(async () => {
  ({ api, base, close } = await apiOverServer('keyhole-runs-', (req, res) => {
    if (req.url === '/login') { res.writeHead(200, { 'set-cookie': 'sid=abc123; Path=/' }); res.end('ok'); return; }
    if (req.url === '/whoami') { res.writeHead(200, { 'content-type': 'text/plain' }); res.end(req.headers.cookie ?? 'no cookie'); return; }
    if (req.url === '/slow') { waiting.push(() => { res.writeHead(200); res.end('late'); }); return; }
    res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"ok":true}');
  }));
});

afterAll(async () => {
  for (const w of waiting.splice(0)) w();
  await close();
});

const text = (b64: string) => Buffer.from(b64, 'base64').toString('utf8');
const until = async (f: () => boolean): Promise<void> => { while (!f()) await new Promise((r) => setTimeout(r, 10)); };

async function finish(runId: string): Promise<RunProgress & { all: RunProgress['rows'] }> {
  const all: RunProgress['rows'] = [];
  let after = 0;
  for (;;) {
    const p = await api['runner.poll']({ runId, after });
    all.push(...p.rows);
    after = p.next;
    if (p.done) return { ...p, all };
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('cancelling a send', () => {
  it('stops that send only: the session keeps its cookie jar for the next send', async () => {
    await api['request.send']({ sendId: 'login', request: { name: 'login', url: `${base}/login` } });
    const slow = api['request.send']({ sendId: 'slow', request: { name: 'slow', url: `${base}/slow` } }).then(() => undefined, (e: unknown) => e);
    await until(() => waiting.length > 0);
    expect(await api['request.cancel']({ sendId: 'slow' })).toEqual({ cancelled: true });
    const e = await slow;
    expect(isKeyholeError(e) && e.code).toBe('cancelled');
    const who = await api['request.send']({ sendId: 'who', request: { name: 'who', url: `${base}/whoami` } });
    const body = who.exchange.response.body;
    expect(body.storage === 'inline' && text(body.base64)).toBe('sid=abc123');
  });
});

describe('runner channels', () => {
  it('streams rows in order, and stop ends the run after the request in flight', async () => {
    const c = await api['collection.create']({ name: 'Runs' });
    const req = (name: string, path: string, test?: string) => ({ kind: 'request' as const, name, method: 'GET', url: `${base}${path}`, query: [], headers: [], body: { mode: 'none' as const }, auth: { type: 'none' as const }, settings: {}, ...(test ? { scripts: { test } } : {}) });
    await api['collection.save']({ id: c.id, collection: { ...c.collection, items: [
      { kind: 'folder', name: 'A', auth: { type: 'inherit' }, settings: {}, items: [req('one', '/ok', "pm.test('ok', () => pm.expect(pm.response.json().ok).to.equal(true))"), req('two', '/ok')] },
      { kind: 'folder', name: 'B', auth: { type: 'inherit' }, settings: {}, items: [req('wait', '/slow'), req('never', '/ok')] },
    ] } });

    const a = await finish((await api['runner.start']({ collectionId: c.id, folder: 'A', iterations: 2 })).runId);
    expect(a.all.map((r) => [r.iteration, r.path, r.status, r.passed])).toEqual([[0, 'A/one', 200, true], [0, 'A/two', 200, true], [1, 'A/one', 200, true], [1, 'A/two', 200, true]]);
    // Only the pm.test is an assertion (as Postman counts); the status is the row's status check.
    expect(a.all[0]?.assertions.map((x) => x.name)).toEqual(['ok']);
    expect(a.all[0]?.statusCheck).toEqual({ name: 'status is below 400', passed: true });
    expect(a.summary).toMatchObject({ requests: 4, failedRequests: 0, assertions: 2, stopped: false });

    const before = waiting.length;
    const { runId } = await api['runner.start']({ collectionId: c.id, folder: 'B' });
    await until(() => waiting.length > before);
    expect(await api['runner.stop']({ runId })).toEqual({ stopped: true });
    const b = await finish(runId);
    expect(b.summary?.stopped).toBe(true);
    expect(b.all.map((r) => r.path)).not.toContain('B/never');
  });

  it('a data file gives one iteration per row, its columns as pm.iterationData and variables', async () => {
    const c = await api['collection.create']({ name: 'Data' });
    await api['collection.save']({ id: c.id, collection: { ...c.collection, items: [
      { kind: 'request', name: 'item', method: 'GET', url: `${base}/items/{{id}}`, query: [], headers: [], body: { mode: 'none' }, auth: { type: 'none' }, settings: {},
        scripts: { test: "pm.test('row ' + pm.iterationData.get('id') + ' ' + pm.iterationData.get('name'), () => {})" } },
    ] } });
    const p = await finish((await api['runner.start']({ collectionId: c.id, data: { name: 'rows.csv', text: 'id,name\n7,"Ada, L."\n9,Bob\n' } })).runId);
    expect(p.error).toBeUndefined();
    expect(p.all.map((r) => [r.url, r.assertions[0]?.name])).toEqual([[`${base}/items/7`, 'row 7 Ada, L.'], [`${base}/items/9`, 'row 9 Bob']]);
    const bad = await finish((await api['runner.start']({ collectionId: c.id, data: { name: 'rows.json', text: '[1]' } })).runId);
    expect(bad.error?.code).toBe('file-malformed');
    expect(bad.error?.message).toContain('rows.json');
  });

  it('a run that cannot start says why instead of rows', async () => {
    const c = await api['collection.create']({ name: 'Empty' });
    const p = await finish((await api['runner.start']({ collectionId: c.id, folder: 'Nope' })).runId);
    expect(p.error?.code).toBe('usage');
    expect(p.error?.message).toContain('Nope');
    expect(p.all).toEqual([]);
  });
});
