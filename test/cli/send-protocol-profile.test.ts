// #18 §2.8: the settings Postman's protocolProfileBehavior maps to, written in a collection's YAML
// files, are honoured by `keyhole send` and `keyhole run` alike (the same transport as the app),
// seen from a local server: the Referer of a redirect's second hop and the URL as written.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveCollection } from '../../electron/engine/workspace';
import { Collection } from '../../shared/model';
import { startHttpServer, type HttpTestServer } from '../servers/http';
import { keyhole } from './harness';

let server: HttpTestServer;
const seen: { url: string; referer: string | undefined }[] = [];
let dir: string;

beforeAll(async () => {
  server = await startHttpServer((req, res) => {
    if ((req.url ?? '').startsWith('/hop')) {
      res.writeHead(302, { location: '/landed?q=a"b' });
      return void res.end();
    }
    seen.push({ url: req.url ?? '', referer: req.headers.referer });
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok');
  });
  dir = join(mkdtempSync(join(tmpdir(), 'keyhole-ppb-cli-')), 'c');
  await saveCollection(dir, Collection.parse({
    name: 'C',
    // As a Postman import writes it: Postman's Referer default on the collection.
    settings: { refererOnRedirect: true, proxy: { mode: 'none' } },
    items: [
      { kind: 'folder', name: 'F', settings: { refererOnRedirect: false }, items: [{ kind: 'request', name: 'Quiet hop', url: `${server.url}/hop` }] },
      { kind: 'request', name: 'Hop', url: `${server.url}/hop` },
      { kind: 'request', name: 'Typed', url: `${server.url}/landed?q=a"b`, settings: { disableUrlEncoding: true } },
    ],
  }));
});
afterAll(async () => { await server.close(); });

describe('protocolProfileBehavior settings from the YAML files', () => {
  it('keyhole send: the collection\'s Referer reaches the second hop, the folder\'s "no" wins below it, a typed URL goes as typed', async () => {
    seen.length = 0;
    for (const name of ['Hop', 'F/Quiet hop', 'Typed']) expect((await keyhole(['send', name, '-c', dir, '--no-cookies'])).code).toBe(0);
    expect(seen).toEqual([
      { url: '/landed?q=a%22b', referer: `${server.url}/hop` },
      { url: '/landed?q=a%22b', referer: undefined },
      { url: '/landed?q=a"b', referer: undefined },
    ]);
  });

  it('keyhole run: the same', async () => {
    seen.length = 0;
    const r = await keyhole(['run', dir, '--no-cookies']);
    expect(r.code).toBe(0);
    expect(seen.map((s) => `${s.url} ${s.referer ?? '-'}`).sort()).toEqual([
      `/landed?q=a"b -`, '/landed?q=a%22b -', `/landed?q=a%22b ${server.url}/hop`,
    ].sort());
  });
});
