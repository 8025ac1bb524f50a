// Imports a generated Postman collection of N requests in this process and reports the time and
// peak memory; run by bench/import.ts in its own process so the memory figure is the import's.
import { importText } from '../electron/engine/importers';
import { reportChild } from './measure';

const n = Number(process.argv[2] ?? 10_000);
const folders = Array.from({ length: n / 100 }, (_, f) => ({
  name: `Folder ${f}`,
  auth: f % 2 === 0 ? { type: 'bearer', bearer: [{ key: 'token', value: `{{token${f}}}` }] } : undefined,
  item: Array.from({ length: 100 }, (_, i) => ({
    name: `Request ${f}-${i}`,
    event: [{ listen: 'test', script: { exec: ['pm.test("ok", () => pm.response.to.have.status(200));'] } }],
    request: {
      method: i % 3 === 0 ? 'POST' : 'GET',
      header: [{ key: 'Accept', value: 'application/json' }, { key: 'X-Trace', value: `{{trace}}-${i}` }],
      url: { raw: `{{baseUrl}}/api/v1/items/${i}?page=${f}&size=50`, host: ['{{baseUrl}}'], path: ['api', 'v1', 'items', String(i)], query: [{ key: 'page', value: String(f) }, { key: 'size', value: '50' }] },
      ...(i % 3 === 0 ? { body: { mode: 'raw', raw: JSON.stringify({ id: i, name: `item ${i}`, tags: ['a', 'b'] }), options: { raw: { language: 'json' } } } } : {}),
    },
    response: [],
  })),
}));
const text = JSON.stringify({ info: { name: 'Bench', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' }, variable: [{ key: 'baseUrl', value: 'http://127.0.0.1' }], item: folders });
const t0 = performance.now();
const r = await importText(text);
const ms = performance.now() - t0;
if (r.report.requests !== n) throw new Error(`imported ${r.report.requests} requests, expected ${n}`);
reportChild({ ms, bytes: text.length });
