import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../electron/engine/api';
import { effectiveAuth } from '../../electron/engine/execute/auth-chain';
import { exportArchive, exportHar, exportPostman, exportSnippet, SNIPPET_TARGETS, type SnippetLang } from '../../electron/engine/exporters';
import { closeDispatchers } from '../../electron/engine/http';
import { htmlReporter, jsonReporter, junitReporter, runCollection, scriptedExecutor } from '../../electron/engine/runner';
import { createScriptEngine } from '../../electron/engine/scripts';
import { EncryptedFileSecretStore } from '../../electron/engine/secrets';
import { openSession } from '../../electron/engine/session';
import { loadCollection, loadEnvironment, resolveEnvironmentSecrets, saveCollection } from '../../electron/engine/workspace';
import { apiOver, inProcessInvoke, type Api } from '../../shared/ipc';
import { Collection, Environment, type Exchange } from '../../shared/model';
import { aesCipher } from '../engine/secrets/aes-cipher';
import { readRequestBody, sendJson, startHttpServer, type HttpTestServer } from '../servers/http';

/**
 * Guarantee 3: a full session through the engine API the app uses (the handlers behind IPC and the
 * bridge), with the app data folder in a temp dir and the encrypted secret store, then every file
 * written and every string handed out is searched for the planted secrets in every encoding they
 * could take. Only outputs the user explicitly asked secrets for may contain them, and they must
 * (so the search is shown to find what it looks for).
 *
 * Every planted secret contains the word PLANTED and characters that change under base64, URL and
 * JSON encoding. A masked secret shows none of its characters; only a token may show its last four
 * (shared/mask.ts), so the first and last four of the others are searched for too.
 */
const P = {
  variable: 'vA1"PLANTED-variable-51c/x+=',
  password: 'pW2/PLANTED-password-8e2"y&',
  bearer: 'bR3+PLANTED-bearer-77a9/z+=',
  apiKey: 'kY4 PLANTED-apikey-0b3d&q=',
  clientSecret: 'cS5/PLANTED-client-c4f2"w:',
  accessToken: 'aT6.PLANTED-access-token-9f1e0d',
  collection: 'cV7"PLANTED-collection-a2b4',
  otherEnv: 'pR8/PLANTED-prod-only-d9e1',
};
const USER = 'alice';
const ALL = Object.values(P);
const NOT_TOKENS = [P.variable, P.password, P.apiKey, P.clientSecret, P.collection, P.otherEnv];

/** base64 of `core` at each of the three byte alignments, keeping only characters `core` alone decides. */
function base64Needles(core: string): string[] {
  const bytes = Buffer.from(core, 'utf8');
  const out: string[] = [];
  for (const offset of [0, 1, 2]) {
    const b64 = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    const end = Math.floor((offset + bytes.length) / 3) * 4;
    out.push(b64.slice(offset === 0 ? 0 : 4, end));
  }
  return out.filter((n) => n.length >= 8);
}

/** Every form a planted secret can take in a file or an output. */
function needles(): { label: string; text: string }[] {
  const out: { label: string; text: string }[] = [{ label: 'the word PLANTED', text: 'PLANTED' }];
  for (const n of base64Needles('PLANTED')) out.push({ label: 'PLANTED in base64', text: n });
  for (const s of ALL) {
    // Inside a longer base64 text (Basic's user:pass, client_secret_basic's form-encoded pair).
    for (const form of [s, encodeURIComponent(s), new URLSearchParams({ x: s }).toString().slice(2)]) {
      for (const n of base64Needles(form)) out.push({ label: `base64 (inside) ${s}`, text: n });
    }
    out.push({ label: `raw ${s}`, text: s });
    out.push({ label: `URL-encoded ${s}`, text: encodeURIComponent(s) });
    out.push({ label: `form-encoded ${s}`, text: new URLSearchParams({ x: s }).toString().slice(2) });
    out.push({ label: `JSON-escaped ${s}`, text: JSON.stringify(s).slice(1, -1) });
    out.push({ label: `base64 ${s}`, text: Buffer.from(s).toString('base64') });
  }
  out.push({ label: 'Basic user:password', text: Buffer.from(`${USER}:${P.password}`).toString('base64') });
  // Ends that hold a character no id, hash or base64 text has, so finding one is never chance.
  for (const s of NOT_TOKENS) {
    for (const end of [s.slice(0, 4), s.slice(-4)].filter((e) => /[^A-Za-z0-9]/.test(e))) {
      out.push({ label: `an end of ${s}: ${end}`, text: end }, { label: `an end of ${s}, JSON-escaped`, text: JSON.stringify(end).slice(1, -1) });
    }
  }
  return out;
}
const NEEDLES = needles();

function found(text: string): string[] {
  return NEEDLES.filter((n) => text.includes(n.text)).map((n) => n.label);
}

async function filesUnder(dir: string): Promise<string[]> {
  const names = await readdir(dir, { recursive: true, withFileTypes: true });
  return names.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

let server: HttpTestServer;
let root: string;
let appData: string;
let workspace: string;
let exportsDir: string;
const seenTokens: string[] = [];

beforeAll(async () => {
  server = await startHttpServer((req, res) => {
    if (req.url === '/token') {
      void readRequestBody(req).then(() => {
        seenTokens.push(req.headers.authorization ?? '');
        sendJson(res, 200, { access_token: P.accessToken, token_type: 'Bearer', expires_in: 3600 });
      });
      return;
    }
    // Never echoes what it received: the guarantee is about what Keyhole writes, not a server's body.
    req.resume();
    sendJson(res, 200, { ok: true, path: req.url?.split('?')[0] });
  });
  root = await mkdtemp(join(tmpdir(), 'keyhole-at-rest-'));
  appData = join(root, 'app-data');
  workspace = join(root, 'workspace');
  exportsDir = join(root, 'exports');
  await Promise.all([mkdir(appData), mkdir(workspace), mkdir(exportsDir)]);
});
afterAll(async () => {
  await closeDispatchers();
  await server.close();
  await rm(root, { recursive: true, force: true });
});

const collection = (base: string): Collection => Collection.parse({
  name: 'Vault',
  variables: [{ key: 'collSecret', value: P.collection, secret: true }],
  profiles: [{ name: 'Admin' }, { name: 'Reader' }, { name: 'Key' }, { name: 'Service' }],
  items: [
    { kind: 'request', name: 'Basic', url: `${base}/basic`, auth: { type: 'profile', profile: 'Admin' } },
    {
      kind: 'request', name: 'Bearer', url: `${base}/bearer`, auth: { type: 'profile', profile: 'Reader' },
      headers: [{ key: 'X-Var', value: '{{apiToken}}' }, { key: 'X-Coll', value: '{{collSecret}}' }],
      scripts: {
        preRequest: 'console.log("token is " + pm.environment.get("apiToken"));',
        test: 'pm.test("saw " + pm.environment.get("apiToken"), () => { pm.expect(pm.response.code).to.equal(200); }); console.log(pm.request.headers.get("Authorization"));',
      },
    },
    { kind: 'folder', name: 'More', items: [
      { kind: 'request', name: 'Key', url: `${base}/key?page=1`, auth: { type: 'profile', profile: 'Key' } },
      { kind: 'request', name: 'OAuth', method: 'POST', url: `${base}/oauth`, auth: { type: 'profile', profile: 'Service' }, body: { mode: 'json', text: '{"token":"{{apiToken}}"}' } },
    ] },
  ],
});

const staging = (base: string): Environment => Environment.parse({
  name: 'Staging',
  variables: [{ key: 'base', value: base }, { key: 'apiToken', value: P.variable, secret: true }],
  profiles: {
    Admin: { type: 'basic', username: USER, password: P.password },
    Reader: { type: 'bearer', token: P.bearer },
    Key: { type: 'apikey', key: 'api_key', value: P.apiKey, in: 'query' },
    Service: { type: 'oauth2', grant: 'client_credentials', tokenUrl: `${base}/token`, clientId: 'svc', clientSecret: P.clientSecret },
  },
});
const prod = (): Environment => Environment.parse({
  name: 'Prod', variables: [{ key: 'apiToken', value: P.otherEnv, secret: true }], profiles: { Reader: { type: 'bearer', token: '{{apiToken}}' } },
});

describe('no planted secret at rest or in any output after a full session', () => {
  it('app data folder, workspace, reports, exports, HAR, snippets and every API answer: none, except where secrets were asked for', async () => {
    const store = new EncryptedFileSecretStore({ file: join(appData, 'secrets.json'), cipher: aesCipher() });
    const host = {
      kind: 'electron' as const, version: 'test', platform: process.platform, workspaceRoot: workspace, secrets: store,
      secretStorage: { backend: 'gnome_libsecret', osEncrypted: true }, tempDir: join(appData, 'tmp'), stateDir: join(appData, 'state'),
    };
    const app = createHandlers(host);
    /** Every string the API hands out, by what was asked. */
    const outputs: { what: string; text: string }[] = [];
    const raw = apiOver(inProcessInvoke(app.handlers));
    const api = new Proxy(raw, {
      get: (t, channel: string) => async (input: unknown) => {
        const r: unknown = await (t as unknown as Record<string, (i: unknown) => Promise<unknown>>)[channel]?.(input);
        outputs.push({ what: channel, text: JSON.stringify(r) });
        return r;
      },
    }) as Api;
    const asked: { what: string; text: string }[] = [];

    try {
      // The user's session: a collection, two environments, secrets typed into the app.
      const created = await api['collection.create']({ name: 'Vault' });
      const id = created.id;
      await api['collection.save']({ id, collection: collection('{{base}}') });
      await api['environment.save']({ collectionId: id, environment: staging(server.url) });
      await api['environment.save']({ collectionId: id, environment: prod() });
      const ws = await api['workspace.get']({});
      const loaded = ws.collections.find((c) => c.id === id);
      expect(loaded?.storedSecrets.Staging?.sort()).toEqual(['Admin.password', 'Key.value', 'Reader.token', 'Service.clientSecret', 'apiToken'].sort());

      // Sends from the request tabs, each with its folders, as the renderer does.
      const sends: [string, string[]][] = [['Basic', []], ['Bearer', []], ['Key', ['More']], ['OAuth', ['More']]];
      const before = server.requests.length;
      for (const [name, folders] of sends) {
        const c = (await api['workspace.get']({})).collections.find((x) => x.id === id)?.collection;
        const req = findItem(c, name);
        const sent = await api['request.send']({ sendId: crypto.randomUUID(), request: req, collectionId: id, folders, environment: 'Staging' });
        expect(sent.exchange.response.status, name).toBe(200);
        await api['exchange.get']({ id: sent.exchange.id });
        await api['exchange.body']({ id: sent.exchange.id, offset: 0, length: 4096 });
        await api['inspector.explain']({ id: sent.exchange.id });
      }
      await api['history.list']({});
      await api['variables.list']({ collectionId: id, environment: 'Staging' });

      // The secrets really went out, each on its own request, or finding none proves nothing.
      const wire = server.requests.slice(before).map((r) => `${r.url}\n${r.headers.map(([k, v]) => `${k}: ${v}`).join('\n')}`).join('\n');
      expect(wire).toContain(Buffer.from(`${USER}:${P.password}`).toString('base64'));
      expect(wire).toContain(`Bearer ${P.bearer}`);
      expect(wire).toContain(`X-Var: ${P.variable}`);
      expect(wire).toContain(`X-Coll: ${P.collection}`);
      expect(wire).toContain(`api_key=${encodeURIComponent(P.apiKey)}`);
      expect(wire).toContain(`Bearer ${P.accessToken}`);
      expect(seenTokens.join('\n')).toContain('Basic ');

      // The Runner view's run, its rows and their exchanges.
      const { runId } = await api['runner.start']({ collectionId: id, environment: 'Staging' });
      let progress = await api['runner.poll']({ runId, after: 0 });
      for (let i = 0; i < 400 && !progress.done; i++) {
        await new Promise((r) => setTimeout(r, 25));
        progress = await api['runner.poll']({ runId, after: 0 });
      }
      expect(progress.done).toBe(true);
      expect(progress.rows.map((r) => r.status)).toEqual([200, 200, 200, 200]);
      for (const row of progress.rows) if (row.exchangeId) await api['runner.exchange']({ runId, exchangeId: row.exchangeId });

      // Export from the app (secrets always blanked there).
      const exported = await api['export.run']({ collectionId: id, format: 'postman', environment: 'Staging' });
      await writeFile(join(exportsDir, exported.filename), exported.text);

      // The user asked to see one secret: that answer must hold it.
      const revealed = await api['secret.reveal']({ environment: 'Staging', key: 'apiToken' });
      expect(revealed.value).toBe(P.variable);
      asked.push(outputs.pop() as { what: string; text: string });

      // What the CLI and the engine's other outputs make of the same workspace, with the same store:
      // run reports, Keyhole folder and archive exports, HAR of the exchanges, code snippets.
      const dir = join(workspace, id);
      const session = await openSession({ collectionDir: dir, environment: 'Staging', secrets: store, tempDir: join(appData, 'tmp'), stateDir: join(appData, 'state') });
      const engine = await createScriptEngine();
      const exchanges: Exchange[] = [];
      const redacted: string[] = [];
      try {
        const reports: Record<string, string> = { json: '', junit: '', html: '' };
        await runCollection({
          collection: session.collection, environment: 'Staging',
          execute: scriptedExecutor({ session, collection: session.collection, engine, iterationCount: 1 }),
          reporters: [
            jsonReporter((t) => { reports.json += t; }), junitReporter((t) => { reports.junit += t; }), htmlReporter((t) => { reports.html += t; }),
            { onRequest: (r) => { if (r.exchange) exchanges.push(r.exchange); } },
          ],
        });
        await mkdir(join(root, 'reports'));
        for (const [k, v] of Object.entries(reports)) {
          expect(v.length, `${k} report`).toBeGreaterThan(100);
          await writeFile(join(root, 'reports', `run.${k}`), v);
        }
        expect(reports.json).toContain('"passed":true');
        // The scripts printed and asserted with the secret: the reports carry those lines, redacted.
        expect(reports.json).toContain('token is ');
        expect(reports.json).toContain('saw ');
        redacted.push(...session.secretValues);
      } finally {
        engine.dispose();
        await session.close();
      }
      const har = exportHar(exchanges, { secrets: redacted });
      await writeFile(join(exportsDir, 'run.har'), har.output);
      // A HAR of exchanges the session masked by itself, as `keyhole send --har` writes.
      const s2 = await openSession({ collectionDir: dir, environment: 'Staging', secrets: store, tempDir: join(appData, 'tmp') });
      try {
        const c = s2.collection;
        const sent = await s2.send(findItem(c, 'Bearer'));
        await writeFile(join(exportsDir, 'send.har'), exportHar([sent.masked]).output);
      } finally {
        await s2.close();
      }

      const { collection: onDisk } = await loadCollection(dir);
      const resolved = await resolveEnvironmentSecrets(await loadEnvironment(dir, 'Staging'), store);
      const env = resolved.environment;
      const withSecrets = { ...onDisk, variables: onDisk.variables.map((v) => (v.key === 'collSecret' ? { ...v, value: P.collection } : v)) };
      for (const include of [false, true]) {
        const tag = include ? 'with-secrets' : 'plain';
        const sink = (name: string, text: string): Promise<void> => {
          if (include) asked.push({ what: name, text });
          else outputs.push({ what: name, text });
          return writeFile(join(exportsDir, include ? 'asked' : '', `${name}`), text);
        };
        await mkdir(join(exportsDir, 'asked'), { recursive: true });
        await sink(`${tag}.postman_collection.json`, exportPostman(withSecrets, { environment: env, includeSecrets: include }).output);
        await sink(`${tag}.archive.json`, exportArchive(withSecrets, [env], { includeSecrets: include, json: true }).output);
        for (const lang of Object.keys(SNIPPET_TARGETS) as SnippetLang[]) {
          for (const name of ['Basic', 'Bearer', 'Key', 'OAuth']) {
            const { request, folders } = findWithFolders(withSecrets, name);
            const auth = effectiveAuth(request.auth, folders, withSecrets, env, request.name).auth;
            const filled = fillVariables(request, new Map([...withSecrets.variables, ...env.variables].map((v) => [v.key, v.value])), include);
            await sink(`${tag}.${name}.${lang}.txt`, exportSnippet(filled, auth, lang, { includeSecrets: include }).output);
          }
        }
      }
      // A Keyhole folder export is a saveCollection of the collection elsewhere, secrets left empty.
      await saveCollection(join(exportsDir, 'keyhole-folder'), onDisk, {});
    } finally {
      await app.close();
    }

    // The search. Files the user asked secrets for are in exports/asked and must hold them.
    const files = await Promise.all([appData, workspace, exportsDir, join(root, 'reports')].map(filesUnder));
    const everyFile = files.flat();
    expect(everyFile.some((f) => f.endsWith('secrets.json'))).toBe(true);
    // The request history (bodies as sent included) is searched like every other file.
    expect(everyFile).toContain(join(appData, 'state', 'history.json'));
    expect(everyFile.filter((f) => f.includes(`${join(workspace)}`) && f.endsWith('.yaml')).length).toBeGreaterThan(5);
    const leaks: string[] = [];
    for (const f of everyFile) {
      const text = (await readFile(f)).toString('latin1') + (await readFile(f, 'utf8'));
      const hits = found(text);
      if (f.includes(`${join(exportsDir, 'asked')}`)) continue;
      if (hits.length > 0) leaks.push(`${f.slice(root.length)}: ${hits.join(', ')}`);
    }
    for (const o of outputs) {
      const hits = found(o.text);
      if (hits.length > 0) leaks.push(`API ${o.what}: ${hits.join(', ')} in ${o.text.slice(0, 300)}`);
    }
    expect(leaks).toEqual([]);
    expect(outputs.length).toBeGreaterThan(30);

    // Proof that the search finds what it looks for: the outputs where secrets were asked for.
    const askedText = asked.map((a) => a.text).join('\n');
    expect(asked.find((a) => a.what === 'secret.reveal')?.text).toContain(JSON.stringify(P.variable).slice(1, -1));
    expect(found(asked.find((a) => a.what.includes('postman'))?.text ?? '')).toContain(`JSON-escaped ${P.password}`);
    expect(found(asked.find((a) => a.what.includes('archive'))?.text ?? '')).toContain(`JSON-escaped ${P.clientSecret}`);
    const curlBasic = asked.find((a) => a.what === 'with-secrets.Basic.curl.txt')?.text ?? '';
    expect(found(curlBasic).some((l) => l === 'Basic user:password' || l.includes(P.password))).toBe(true);
    for (const s of [P.bearer, P.variable, P.collection, P.password, P.clientSecret]) {
      expect(NEEDLES.some((n) => n.label.endsWith(s) && askedText.includes(n.text)), s).toBe(true);
    }
  }, 120_000);
});

type Item = Collection['items'][number];
type Req = Extract<Item, { kind: 'request' }>;

function findWithFolders(c: Collection, name: string): { request: Req; folders: Extract<Item, { kind: 'folder' }>[] } {
  const walk = (items: readonly Item[], folders: Extract<Item, { kind: 'folder' }>[]): { request: Req; folders: Extract<Item, { kind: 'folder' }>[] } | undefined => {
    for (const i of items) {
      if (i.kind === 'request' && i.name === name) return { request: i, folders };
      if (i.kind === 'folder') {
        const hit = walk(i.items, [...folders, i]);
        if (hit) return hit;
      }
    }
    return undefined;
  };
  const hit = walk(c.items, []);
  if (!hit) throw new Error(`no request ${name}`);
  return hit;
}

function findItem(c: Collection | undefined, name: string): Req {
  if (!c) throw new Error('no collection');
  return findWithFolders(c, name).request;
}

/**
 * Fills {{variables}} as `keyhole export --format curl` does: plain values always, secret values
 * only when the user asked for secrets (the values map holds both, resolved from the store).
 */
function fillVariables(r: Req, values: ReadonlyMap<string, string>, includeSecrets: boolean): Req {
  const secretKeys = new Set(['apiToken', 'collSecret']);
  const text = JSON.stringify(r).replace(/\{\{([^{}]+)\}\}/g, (m, k: string) => {
    const v = values.get(k);
    if (v === undefined || (secretKeys.has(k) && !includeSecrets)) return m;
    return JSON.stringify(v).slice(1, -1);
  });
  return JSON.parse(text) as Req;
}
