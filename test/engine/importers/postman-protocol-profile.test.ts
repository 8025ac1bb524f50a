// Issue 18 §2.8: Postman's protocolProfileBehavior, on the collection, a folder and a request,
// becomes Keyhole settings inherited the same way, survives the YAML files, and comes back out on
// a Postman export; what Keyhole has no switch for is named in the report with the reason.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../../electron/bridge';
import { exportPostman } from '../../../electron/engine/exporters';
import { importText, writeImport } from '../../../electron/engine/importers';
import { mergeSettings } from '../../../electron/engine/execute/settings';
import { loadCollection } from '../../../electron/engine/workspace';
import type { Collection, Folder, Item, Request } from '../../../shared/model';

const requestPpb = {
  removeRefererHeaderOnRedirect: true,
  followAuthorizationHeader: true,
  disableUrlEncoding: true,
  insecureHTTPParser: true,
  tlsDisabledProtocols: ['TLSv1', 'TLSv1_1'],
  tlsCipherSelection: ['ECDHE-ECDSA-AES128-GCM-SHA256'],
  tlsPreferServerCiphers: true,
  disabledSystemHeaders: { 'user-agent': true, accept: true, 'content-type': true, host: true },
  protocolVersion: 'http1',
};

const postman = JSON.stringify({
  info: { name: 'P', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
  protocolProfileBehavior: { strictSSL: false, disableCookies: true },
  item: [{
    name: 'F',
    protocolProfileBehavior: { disableBodyPruning: true, followRedirects: false },
    item: [
      { name: 'R', request: { method: 'GET', url: 'https://h/a', body: { mode: 'raw', raw: 'kept' } }, protocolProfileBehavior: requestPpb },
      { name: 'Plain', request: { method: 'GET', url: 'https://h/b' } },
    ],
  }],
});

const folderOf = (items: Item[] | undefined): Folder => {
  const f = items?.[0];
  if (f?.kind !== 'folder') throw new Error('no folder');
  return f;
};
const requestOf = (f: Folder, name: string): Request => {
  const r = f.items.find((i) => i.name === name);
  if (r?.kind !== 'request') throw new Error(`no request ${name}`);
  return r;
};

describe('protocolProfileBehavior on import', () => {
  it('becomes settings at each level, inherited as Postman inherits it', async () => {
    const r = await importText(postman);
    const c = r.collection as Collection;
    expect(c.settings).toEqual({ refererOnRedirect: true, tls: { verify: false }, disableCookies: true });
    const f = folderOf(c.items);
    expect(f.settings).toEqual({ followRedirects: false });
    const req = requestOf(f, 'R');
    // The folder's disableBodyPruning reaches the request: its GET body is kept.
    expect(req.body).toEqual({ mode: 'text', text: 'kept' });
    expect(req.settings).toEqual({
      refererOnRedirect: false, followAuthorizationHeader: true, disableUrlEncoding: true, insecureHTTPParser: true,
      tls: { disabledProtocols: ['TLSv1', 'TLSv1.1'], ciphers: ['ECDHE-ECDSA-AES128-GCM-SHA256'], preferServerCiphers: true },
      defaultHeaders: { userAgent: false, accept: false, contentType: false },
      http2: false,
    });
    const eff = mergeSettings([c.settings, f.settings, req.settings]);
    expect(eff).toMatchObject({ refererOnRedirect: false, disableCookies: true, followRedirects: false, tls: { verify: false, preferServerCiphers: true } });
    expect(mergeSettings([c.settings, f.settings, requestOf(f, 'Plain').settings])).toMatchObject({ refererOnRedirect: true, tls: { verify: false } });
    const notes = r.report.notCarried.map((n) => `${n.place}: ${n.message}`);
    expect(notes).toEqual([expect.stringMatching(/disabledSystemHeaders\.host: .*always sends Host/)]);
  });

  it('names what it cannot carry: unknown keys and TLS versions', async () => {
    const r = await importText(JSON.stringify({
      info: { name: 'P', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
      item: [{ name: 'R', request: { method: 'GET', url: 'https://h/a' }, protocolProfileBehavior: { tlsDisabledProtocols: ['TLSv1_2', 'TLSv9'], somethingNew: 1 } }],
    }));
    expect((r.collection?.items[0] as Request).settings.tls).toEqual({ disabledProtocols: ['TLSv1.2'] });
    const places = r.report.notCarried.map((n) => n.place);
    expect(places).toEqual(expect.arrayContaining(['item[0].protocolProfileBehavior.tlsDisabledProtocols', 'item[0].protocolProfileBehavior.somethingNew']));
  });
});

describe('protocolProfileBehavior through the YAML files and back out', () => {
  it('loads as written and exports to the same Postman settings', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyhole-ppb-'));
    await writeImport(await importText(postman), dir, new MemorySecretStore());
    const { collection, problems } = await loadCollection(dir);
    expect(problems).toEqual([]);
    const f = folderOf(collection.items);
    expect(requestOf(f, 'R').settings.tls).toEqual({ disabledProtocols: ['TLSv1', 'TLSv1.1'], ciphers: ['ECDHE-ECDSA-AES128-GCM-SHA256'], preferServerCiphers: true });
    const out = JSON.parse(exportPostman(collection).output) as {
      protocolProfileBehavior?: unknown;
      item: { protocolProfileBehavior?: unknown; item: { name: string; protocolProfileBehavior?: unknown }[] }[];
    };
    // Postman's default Referer is its own default again: nothing to say at the collection.
    expect(out.protocolProfileBehavior).toEqual({ strictSSL: false, disableCookies: true });
    expect(out.item[0]?.protocolProfileBehavior).toEqual({ followRedirects: false });
    const { host: _host, ...headers } = requestPpb.disabledSystemHeaders;
    expect(out.item[0]?.item.find((i) => i.name === 'R')?.protocolProfileBehavior).toEqual({
      ...requestPpb, protocolVersion: 'http1', disabledSystemHeaders: headers, disableBodyPruning: true,
    });
  });

  it('a Keyhole collection, which sends no Referer on redirects, says so to Postman', () => {
    const c: Collection = { keyhole: 1, name: 'K', variables: [], auth: { type: 'none' }, settings: {}, profiles: [], items: [] };
    expect(JSON.parse(exportPostman(c).output).protocolProfileBehavior).toEqual({ removeRefererHeaderOnRedirect: true });
  });
});
