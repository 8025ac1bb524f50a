import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Collection, Request } from '../../../shared/model';
import { dynamicValue } from '../../../shared/variables';
import { openSession } from '../../../electron/engine/session';
import type { SecretStore } from '../../../electron/engine/secrets';
import { dynamicSources, POSTMAN_RANDOM } from '../../../electron/engine/variables/postman-random';
import { readRequestBody, startHttpServer, type HttpTestServer } from '../../servers/http';
import { hasShape, SHAPES } from '../../fixtures/dynamic-shapes';

/** Postman's own list of dynamic variables (postman-collection, the library newman resolves them with). */
const POSTMAN_NAMES = Object.keys(createRequire(import.meta.url)('postman-collection/lib/superstring/dynamic-variables') as Record<string, unknown>);
const noSecrets: SecretStore = { get: async () => undefined, set: async () => {}, delete: async () => {}, describe: () => '' };

let server: HttpTestServer;
const bodies: string[] = [];
beforeAll(async () => {
  server = await startHttpServer((req, res) => { void readRequestBody(req).then((b) => { bodies.push(b.toString('utf8')); res.end('ok'); }); });
});
afterAll(() => server.close());

describe('Postman\'s dynamic variables', () => {
  it('Keyhole knows every name of Postman\'s list, and no name Postman lacks', () => {
    expect(POSTMAN_NAMES.length).toBeGreaterThan(100);
    const sources = dynamicSources(() => new Date());
    const unknown = POSTMAN_NAMES.filter((n) => dynamicValue(n, sources) === undefined);
    expect(unknown).toEqual([]);
    expect(Object.keys(POSTMAN_RANDOM).filter((n) => !POSTMAN_NAMES.includes(n))).toEqual([]);
    expect(dynamicValue('$randomNoSuchThing', sources)).toBeUndefined();
  });

  it('each resolves to a value of its shape, a new one at each use', () => {
    const sources = dynamicSources(() => new Date());
    for (const name of POSTMAN_NAMES) {
      for (let i = 0; i < 5; i++) {
        const v = dynamicValue(name, sources) ?? '';
        expect(hasShape(name, v), `${name} = ${JSON.stringify(v)}`).toBe(true);
      }
    }
    expect(Object.keys(SHAPES).every((n) => POSTMAN_NAMES.includes(n))).toBe(true);
    const emails = new Set(Array.from({ length: 20 }, () => dynamicValue('$randomEmail', sources)));
    expect(emails.size).toBeGreaterThan(15);
  });

  it('resolve in the URL, headers and body of a request', async () => {
    const session = await openSession({ collection: Collection.parse({ name: 'p', settings: { proxy: { mode: 'none' } } }), secrets: noSecrets, tempDir: mkdtempSync(join(tmpdir(), 'keyhole-dyn-')) });
    try {
      const sent = await session.send(Request.parse({
        name: 'r', method: 'POST', url: `${server.url}/users/{{$randomUUID}}?email={{$randomExampleEmail}}`,
        headers: [{ key: 'X-Name', value: '{{$randomFirstName}} {{$randomLastName}}' }],
        body: { mode: 'json', text: '{"ip":"{{$randomIP}}","phone":"{{$randomPhoneNumber}}","when":"{{$isoTimestamp}}"}' },
      }));
      expect(sent.exchange.response.status).toBe(200);
      const got = server.requests.at(-1);
      const url = new URL(got?.url ?? '', 'http://x');
      expect(hasShape('$randomUUID', url.pathname.split('/')[2] ?? '')).toBe(true);
      expect(hasShape('$randomExampleEmail', url.searchParams.get('email') ?? '')).toBe(true);
      expect(got?.header('x-name')).toMatch(/^\S.* \S/);
      const body = JSON.parse(bodies.at(-1) ?? '{}') as Record<string, string>;
      expect([hasShape('$randomIP', body.ip ?? ''), hasShape('$randomPhoneNumber', body.phone ?? ''), hasShape('$isoTimestamp', body.when ?? '')]).toEqual([true, true, true]);
    } finally {
      await session.close();
    }
  });
});
