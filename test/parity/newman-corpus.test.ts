// Issue 18 section 2: every collection of test/fixtures/newman-parity gives newman's per-assertion
// verdicts when run by `keyhole run`, newman (a dev dependency) being the oracle. Both run the same
// file against the same local servers (Postman Echo's routes on 127.0.0.1, port 0); SOURCES.md
// names what each collection was written from.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { TLSSocket } from 'node:tls';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importText, writeImport } from '../../electron/engine/importers';
import { secretVariableNames } from '../../electron/engine/secrets/env-names';
import type { SecretStore } from '../../electron/engine/secrets';
import { keyhole } from '../cli/harness';
import { sendJson } from '../servers/http';
import { startHttpsServer, type HttpsTestServer } from '../servers/https';
import { startEchoServer, type EchoServer } from '../servers/postman-echo';

const CORPUS = join(process.cwd(), 'test', 'fixtures', 'newman-parity');
/** The public host the collections name, as Postman's own do; both runners get the local server instead. */
const PUBLIC_ECHO = 'https://postman-echo.com';

interface NewmanAssertion { assertion: string; skipped?: boolean; error?: { message: string } }
interface NewmanExecution { item: { name: string }; assertions?: NewmanAssertion[] }
interface NewmanSummary { run: { executions: NewmanExecution[] } }
type NewmanRun = (o: Record<string, unknown>, cb: (err: Error | null, summary: NewmanSummary) => void) => void;

interface Case {
  name: string;
  collection: string;
  environment?: string | undefined;
  data?: string | undefined;
  globals?: string | undefined;
}

/** Each NAME.postman_collection.json, with NAME.postman_environment.json, NAME.data.csv|json and NAME.postman_globals.json when present. */
function cases(): Case[] {
  const files = readdirSync(CORPUS);
  return files.filter((f) => f.endsWith('.postman_collection.json')).sort().map((f) => {
    const name = f.replace('.postman_collection.json', '');
    const at = (suffix: string): string | undefined => (files.includes(`${name}${suffix}`) ? join(CORPUS, `${name}${suffix}`) : undefined);
    return { name, collection: join(CORPUS, f), environment: at('.postman_environment.json'), data: at('.data.csv') ?? at('.data.json'), globals: at('.postman_globals.json') };
  });
}

let echo: EchoServer;
/** TLS 1.2 and one cipher only; answers with what was negotiated (`TLS12_PORT` in the files). */
let tls12: HttpsTestServer;
/** The one cipher tls12 accepts (the test certificates have EC keys). */
const TLS12_CIPHER = 'ECDHE-ECDSA-AES128-GCM-SHA256';
beforeAll(async () => {
  echo = await startEchoServer();
  tls12 = await startHttpsServer((req, res) => {
    const socket = req.socket as TLSSocket;
    sendJson(res, 200, { protocol: socket.getProtocol(), cipher: socket.getCipher().name });
  }, { tls: { maxVersion: 'TLSv1.2', ciphers: TLS12_CIPHER } });
});
afterAll(async () => { await echo.close(); await tls12.close(); });

/**
 * The file with Postman Echo's host pointed at the local server, written where both runners read
 * it: in text (scripts, raw URLs) and in the parsed parts of each URL, which newman sends from.
 */
function localCopy(file: string, dir: string): string {
  const out = join(dir, file.split('/').pop() ?? 'file.json');
  const text = readFileSync(file, 'utf8').replaceAll(PUBLIC_ECHO, echo.url).replaceAll('ECHO_PORT', String(echo.port)).replaceAll('TLS12_PORT', String(tls12.port));
  writeFileSync(out, file.endsWith('.json') ? JSON.stringify(pointUrlsAtEcho(JSON.parse(text))) : text);
  return out;
}

function pointUrlsAtEcho(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(pointUrlsAtEcho);
  if (node === null || typeof node !== 'object') return node;
  const o = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, pointUrlsAtEcho(v)]));
  if (typeof o.raw === 'string' && Array.isArray(o.host) && o.raw.startsWith(echo.url)) {
    Object.assign(o, { protocol: 'http', host: ['127', '0', '0', '1'], port: String(echo.port) });
  }
  return o;
}

const verdict = (skipped: boolean | undefined, passed: boolean): string => (skipped ? 'skipped' : passed ? 'pass' : 'fail');

async function newmanVerdicts(c: Case, dir: string): Promise<string[]> {
  const newman = (await import('newman')).default as unknown as { run: NewmanRun };
  const summary = await new Promise<NewmanSummary>((resolve, reject) => {
    newman.run({
      collection: localCopy(c.collection, dir),
      environment: c.environment && localCopy(c.environment, dir),
      globals: c.globals && localCopy(c.globals, dir),
      iterationData: c.data && localCopy(c.data, dir),
      reporters: [],
    }, (err, s) => (err ? reject(err) : resolve(s)));
  });
  // newman's summary lists one execution object again for each request its item sent (a
  // pm.sendRequest, an auth round trip): the object, not a second run of its scripts.
  return [...new Set(summary.run.executions)].flatMap((e) => (e.assertions ?? []).map((a) => `${e.item.name} / ${a.assertion}: ${verdict(a.skipped, !a.error)}`));
}

/** A secret store that keeps what the import moves out of the files, so the run can be given it. */
class KeptSecrets implements SecretStore {
  readonly kept = new Map<string, string>();
  async get(env: string, key: string): Promise<string | undefined> { return this.kept.get(`${env}\u0000${key}`); }
  async set(env: string, key: string, value: string): Promise<void> { this.kept.set(`${env}\u0000${key}`, value); }
  async delete(env: string, key: string): Promise<void> { this.kept.delete(`${env}\u0000${key}`); }
  describe(): string { return 'kept by the test'; }
  dotenv(): string {
    return [...this.kept].map(([slot, value]) => {
      const [env = '', key = ''] = slot.split('\u0000');
      return `${secretVariableNames(env, key)[0]}=${JSON.stringify(value)}`;
    }).join('\n');
  }
}

/** The report's newman-shaped part: one execution per request, with its assertions. */
interface KeyholeReport { run: { executions: { path: string; assertions: { assertion: string; passed: boolean; skipped?: boolean }[] }[] } }

/** `keyhole import` (in process, keeping the credentials it moves to the secret store) then `keyhole run -r json`. */
async function keyholeVerdicts(c: Case, dir: string): Promise<string[]> {
  const folder = join(dir, 'keyhole');
  const secrets = new KeptSecrets();
  await writeImport(await importText(readFileSync(localCopy(c.collection, dir), 'utf8'), { file: c.collection }), folder, secrets);
  let envName: string | undefined;
  if (c.environment) {
    const env = await importText(readFileSync(localCopy(c.environment, dir), 'utf8'), { file: c.environment });
    envName = env.environments[0]?.name;
    await writeImport(env, folder, secrets);
  }
  const secretsFile = join(dir, 'secrets.env');
  writeFileSync(secretsFile, secrets.dotenv());
  const report = join(dir, 'report.json');
  const args = ['run', folder, '-r', 'json', '--json-out', report, '--secrets', secretsFile, '--no-cookies'];
  if (envName) args.push('-e', envName);
  if (c.data) args.push('-d', localCopy(c.data, dir));
  if (c.globals) args.push('--globals', localCopy(c.globals, dir));
  const r = await keyhole(args);
  if (!existsSync(report)) throw new Error(`keyhole run wrote no report (exit ${r.code}): ${r.err}${r.out}`);
  const json = JSON.parse(readFileSync(report, 'utf8')) as KeyholeReport;
  // Keyhole's own declarative status check and its "test script ran" line are not script assertions.
  const own = /^(status is |test script ran$)/;
  return json.run.executions.flatMap((res) => res.assertions.filter((a) => !own.test(a.assertion)).map((a) => `${res.path.split('/').pop() ?? res.path} / ${a.assertion}: ${verdict(a.skipped, a.passed)}`));
}

/**
 * Assertions whose verdicts differ on purpose, by collection, each with the section of
 * docs/newman-differences.md that says why. The test checks they still differ, so the list stays true.
 */
const KNOWN: Record<string, Record<string, string>> = {
  variables: {
    'Scopes / disabled environment value is not in force': 'disabled environment values',
    'Scopes / disabled environment value is not had': 'disabled environment values',
    'Scopes / duplicate keys: the value in force': 'duplicate keys in an environment',
  },
  'postman-echo': {
    'Delete Cookies / foo1 deleted': 'cookies a redirect deletes',
  },
  'send-request': {
    'Promise form / resolved response': 'pm.sendRequest without a callback',
    'Promise form / chained status': 'pm.sendRequest without a callback',
  },
};

const keyOf = (verdict: string): string => verdict.slice(0, verdict.lastIndexOf(': '));

describe('the newman parity corpus', () => {
  it.each(cases().map((c) => [c.name, c] as const))('%s: keyhole run gives newman\'s verdict for every assertion', async (_name, c) => {
    const dir = mkdtempSync(join(tmpdir(), 'keyhole-newman-parity-'));
    const expected = await newmanVerdicts(c, dir);
    // A collection proves something only if newman itself ran assertions on it.
    expect(expected.length).toBeGreaterThan(0);
    const got = await keyholeVerdicts(c, dir);
    const known = KNOWN[c.name] ?? {};
    const verdictsOf = (list: string[], key: string): string => list.filter((v) => keyOf(v) === key).join('\n');
    const differing = new Set([...expected, ...got].map(keyOf).filter((k) => verdictsOf(expected, k) !== verdictsOf(got, k)));
    for (const k of Object.keys(known)) expect(differing, `${k} is listed as a known difference but gives newman's verdict`).toContain(k);
    const comparable = (list: string[]) => list.filter((v) => !Object.hasOwn(known, keyOf(v)));
    expect(comparable(got)).toEqual(comparable(expected));
  }, 60_000);
});
