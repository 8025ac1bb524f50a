import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportHar } from '../../../electron/engine/exporters';
import { openSession } from '../../../electron/engine/session';
import { EnvSecretStore } from '../../../electron/engine/secrets';
import { maskExchange } from '../../../shared/exchange-mask';
import { harToExchanges } from '../../../shared/inspector/har';
import { Collection, type Exchange, type Request } from '../../../shared/model';

// har-schema: the HAR 1.2 spec as JSON Schema (draft-06), one file per object, referring to each other by $id.
const require = createRequire(__filename);
const harSchemas = require('har-schema') as Record<string, { $id: string }>;
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json') as object);
addFormats(ajv);
for (const s of Object.values(harSchemas)) ajv.addSchema(s);
const validateHar = ajv.getSchema('har.json#');

let server: Server;
let base = '';
let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyhole-har-'));
  server = createServer((req, res) => {
    if (req.url === '/start?x=1') { res.writeHead(302, { location: '/final' }).end(); return; }
    res.writeHead(200, { 'content-type': 'application/json', 'x-echo-auth': req.headers.authorization ?? '' }).end(JSON.stringify({ path: req.url, method: req.method }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await rm(dir, { recursive: true, force: true });
});

/** Two real exchanges through the engine: a redirect chain with bearer auth, and a POST with a JSON body. */
async function exchanges(): Promise<Exchange[]> {
  const collection = Collection.parse({ name: 'HAR', items: [
    { kind: 'request', name: 'chain', method: 'GET', url: `${base}/start`, query: [{ key: 'x', value: '1' }], auth: { type: 'bearer', token: 'tok-SECRET-123' } },
    { kind: 'request', name: 'post', method: 'POST', url: `${base}/items`, body: { mode: 'json', text: '{"a":1}' } },
  ] });
  const session = await openSession({ collection, secrets: new EnvSecretStore({ env: {} }), tempDir: dir });
  const out: Exchange[] = [];
  for (const item of collection.items) out.push((await session.send(item as Request)).exchange);
  await session.close();
  return out;
}

describe('HAR export', () => {
  it('is valid HAR 1.2 (har-schema), with redirect hops as entries and credentials masked', async () => {
    const raw = await exchanges();
    expect(raw[0]?.hops).toHaveLength(1);
    const { output } = exportHar(raw, { secrets: ['tok-SECRET-123'] });
    const doc = JSON.parse(output) as { log: { entries: { request: { url: string }; response: { status: number; redirectURL: string } }[] } };
    expect(validateHar?.(doc), JSON.stringify(validateHar?.errors?.slice(0, 5))).toBe(true);
    expect(doc.log.entries.map((e) => [e.response.status, new URL(e.request.url).pathname, e.response.redirectURL])).toEqual([
      [302, '/start', '/final'], [200, '/final', ''], [200, '/items', ''],
    ]);
    expect(output).not.toContain('tok-SECRET-123');
  });

  it('the validator is not vacuous: an entry without timings is refused', () => {
    expect(validateHar?.({ log: { version: '1.2', creator: { name: 'x', version: '1' }, entries: [{ startedDateTime: '2024-01-01T00:00:00Z', time: 1, request: {}, response: {}, cache: {} }] } })).toBe(false);
  });

  it('round-trips through the inspector\'s harToExchanges: requests, statuses, headers, bodies and the redirect chain', async () => {
    const raw = await exchanges();
    const { output } = exportHar(raw, { secrets: ['tok-SECRET-123'] });
    const back = harToExchanges(output);
    if (!back.ok) throw back.error;
    const finals = back.value.filter((e) => e.response.status !== 302);
    expect(finals).toHaveLength(2);
    const [chain, post] = finals;
    expect(chain?.request).toMatchObject({ method: 'GET', url: `${base}/final` });
    expect(chain?.hops.map((h) => [h.status, h.request.url, h.location])).toEqual([[302, `${base}/start?x=1`, `${base}/final`]]);
    expect(chain?.request.headers.find(([k]) => k.toLowerCase() === 'authorization')?.[1]).not.toContain('tok-SECRET-123');
    expect(post?.request).toMatchObject({ method: 'POST', url: `${base}/items`, bodyPreview: '{"a":1}' });
    // The HAR holds the masked exchange (an echoed secret is masked too), so that is what comes back.
    for (const [i, e] of raw.map((x) => maskExchange(x, ['tok-SECRET-123'])).entries()) {
      const b = finals[i];
      expect(b?.response.status).toBe(e?.response.status);
      expect(b?.response.headers).toEqual(e?.response.headers);
      const body = (x: Exchange | undefined): string => (x?.response.body.storage === 'inline' ? Buffer.from(x.response.body.base64, 'base64').toString('utf8') : '');
      expect(body(b)).toBe(body(e));
      expect(b?.timings.total).toBe(e?.timings.total);
    }
  });
});
