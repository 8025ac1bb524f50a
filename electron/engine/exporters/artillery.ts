import { stringify } from 'yaml';
import { ReportNotes } from '../../../shared/importers/report';
import { type Body, type Collection, type ConcreteAuth, type KeyValue, type Variable } from '../../../shared/model';
import { effectiveAuth } from '../execute/auth-chain';
import { runItems, type RunItem } from '../runner/walk';
import { secretVariableNames } from '../secrets/env-names';
import { profileSecretKey } from '../workspace/secret-fields';
import { DYNAMIC, translateScript } from './artillery-scripts';
import { newLedger, secretWarning, type SecretLedger } from './secrets';
import type { ExportOptions, ExportResult } from './types';

export interface ArtilleryOptions extends ExportOptions {
  /** config.phases; by default one virtual user a second for a minute, a starting point to edit. */
  phases?: Record<string, unknown>[] | undefined;
}

type Json = Record<string, unknown>;
const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options']);

interface Ctx {
  opts: ArtilleryOptions;
  ledger: SecretLedger;
  notes: ReportNotes;
  /** Not translated, as listed in the script's header: "where: what". */
  skipped: string[];
  /** Secret variable name → what the script says in its place. */
  secretRefs: Map<string, string>;
  /** Variables a pre-request script sets to a value known in advance (substituted where they are used). */
  defined: Map<string, string>;
  tokenSteps: Map<string, string>;
  /** Environment variables the script reads secrets from → what each holds. */
  secretEnv: Map<string, string>;
}

/**
 * A collection as an Artillery test script (YAML), so a load test runs on Artillery and its
 * distributed runners: one scenario that sends the requests in run order, with the environment's
 * auth profiles resolved (Basic, Bearer, API key, and OAuth 2.0 client-credentials or password
 * grants as a token request the scenario makes first), variables in config.variables, secrets read
 * from the same KEYHOLE_SECRET_* environment variables `keyhole run` reads (never written unless
 * includeSecrets), and what the scripts say that Artillery can say (artillery-scripts.ts).
 * Everything else is listed in the header comment and in the report's notes.
 */
export function exportArtillery(collection: Collection, opts: ArtilleryOptions = {}): ExportResult {
  const env = opts.environment;
  const ctx: Ctx = { opts, ledger: newLedger(), notes: new ReportNotes(), skipped: [], secretRefs: new Map(), defined: new Map(), tokenSteps: new Map(), secretEnv: new Map() };
  const variables: Json = {};
  const addVars = (rows: readonly Variable[], envName: string): void => {
    for (const v of rows) {
      if (!v.enabled) continue;
      if (!v.secret) { variables[v.key] = v.value; ctx.secretRefs.delete(v.key); continue; }
      delete variables[v.key];
      if (opts.includeSecrets && v.value !== '') {
        ctx.ledger.included.push(`${envName || 'collection'}.${v.key}`);
        ctx.secretRefs.set(v.key, v.value);
      } else ctx.secretRefs.set(v.key, envRef(ctx, secretVariableNames(envName, v.key)[0] as string, `variable ${v.key}`));
    }
  };
  addVars(collection.variables, '');
  if (env) addVars(env.variables, env.name);
  resolveNested(variables);

  const flow: Json[] = [];
  let target: string | undefined;
  for (const item of runItems(collection)) {
    const step = request(item, collection, ctx, flow);
    if (!step) continue;
    flow.push(step);
    if (target === undefined) target = originOf(String((Object.values(step)[0] as Json).url), variables);
  }
  if (target === undefined) {
    target = 'http://localhost';
    ctx.skipped.push('config.target: no request URL resolves to an origin with the exported variables; set target before running');
  }
  const config: Json = { target, phases: opts.phases ?? [{ duration: 60, arrivalRate: 1, name: 'Edit me: one virtual user a second for a minute' }] };
  if (Object.keys(variables).length > 0) config.variables = variables;
  if (collection.settings.tls?.verify === false) config.tls = { rejectUnauthorized: false };
  config.plugins = { expect: {} };
  const doc = { config, scenarios: [{ name: collection.name, flow }] };
  for (const s of ctx.skipped) ctx.notes.add('artillery', 'other', s);
  return {
    output: header(collection, ctx) + stringify(doc, { lineWidth: 0 }),
    report: { format: 'artillery', secretsBlanked: ctx.ledger.blanked, warnings: secretWarning(ctx.ledger), notCarried: ctx.notes.notes },
  };
}

function header(collection: Collection, ctx: Ctx): string {
  const env = ctx.opts.environment;
  const lines = [
    `Artillery test script exported by Keyhole from collection "${collection.name}"${env ? ` with environment "${env.name}"` : ''}.`,
    'Run it with: npx artillery run THIS_FILE',
    'config.phases is a starting point: set the load you want.',
  ];
  if (ctx.secretEnv.size > 0) {
    lines.push('Secrets it reads from the environment:');
    for (const [name, what] of ctx.secretEnv) lines.push(`  ${name}: ${what}`);
  }
  if (ctx.tokenSteps.size > 0) lines.push('Each virtual user fetches its own OAuth 2.0 token first (the token request is part of the load).');
  if (ctx.skipped.length === 0) lines.push('Everything in the collection was translated.');
  else {
    lines.push('Not translated (these run in `keyhole run`, not in this script):');
    for (const s of [...new Set(ctx.skipped)]) lines.push(`  - ${s}`);
  }
  return `${lines.map((l) => `# ${l}`.replace(/\n/g, ' ')).join('\n')}\n`;
}

/** config.variables values may refer to each other ({{host}}/v1): Artillery does not resolve that, so it is done here. */
function resolveNested(vars: Json): void {
  for (let round = 0; round < 10; round++) {
    let changed = false;
    for (const [k, v] of Object.entries(vars)) {
      if (typeof v !== 'string') continue;
      const next = v.replace(/\{\{([^{}]+)\}\}/g, (m, name: string) => (typeof vars[name.trim()] === 'string' && name.trim() !== k ? vars[name.trim()] as string : m));
      if (next !== v) { vars[k] = next; changed = true; }
    }
    if (!changed) return;
  }
}

function originOf(url: string, vars: Json): string | undefined {
  const text = url.replace(/\{\{\s*([^{}]+?)\s*\}\}/g, (m, name: string) => (typeof vars[name] === 'string' ? vars[name] as string : m));
  try {
    const u = new URL(text);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : undefined;
  } catch {
    return undefined;
  }
}

/** Keyhole's {{name}} as Artillery says it: its variables, secrets from the environment, generated values. */
function templ(text: string, where: string, ctx: Ctx): string {
  return text.replace(/\{\{([^{}]+)\}\}/g, (m, raw: string) => {
    const name = raw.trim();
    if (name.startsWith('$')) {
      const d = DYNAMIC[name];
      if (!d) ctx.skipped.push(`${where}: the dynamic variable {{${name}}} (Artillery has no equivalent; it is sent as written)`);
      return d ?? m;
    }
    return ctx.defined.get(name) ?? ctx.secretRefs.get(name) ?? `{{ ${name} }}`;
  });
}

function request(item: RunItem, collection: Collection, ctx: Ctx, flow: Json[]): Json | undefined {
  const where = item.path;
  const r = item.request;
  const method = r.method.toLowerCase();
  if (!METHODS.has(method)) {
    ctx.skipped.push(`${where}: the ${r.method} method (Artillery sends GET, POST, PUT, PATCH, DELETE, HEAD and OPTIONS)`);
    return undefined;
  }
  // Pre-request scripts, collection first: the values they set are known before this request.
  const levels: [string, { preRequest?: string | undefined; test?: string | undefined } | undefined][] = [
    ['the collection', collection.scripts], ...item.folders.map((f): [string, typeof f.scripts] => [`folder ${f.name}`, f.scripts]), [`request ${where}`, r.scripts],
  ];
  for (const [place, scripts] of levels) {
    const pre = translateScript(scripts?.preRequest ?? '', 'pre');
    for (const u of pre.untranslated) ctx.skipped.push(`${place}: pre-request script ${u}`);
    for (const [k, v] of Object.entries(pre.set)) ctx.defined.set(k, templ(v, where, ctx));
  }
  const t = (s: string): string => templ(s, where, ctx);
  const spec: Json = { name: where, url: t(r.url) };
  const headers: Json = {};
  for (const h of r.headers) if (h.enabled !== false && h.key !== '') headers[h.key] = t(h.value);
  const qs = enabled(r.query);
  if (qs.length > 0) {
    if (new Set(qs.map((q) => q.key)).size === qs.length) spec.qs = Object.fromEntries(qs.map((q) => [q.key, t(q.value)]));
    else spec.url = `${String(spec.url)}${String(spec.url).includes('?') ? '&' : '?'}${qs.map((q) => `${q.key}=${t(q.value)}`).join('&')}`;
  }
  body(r.body, spec, headers, where, ctx);
  auth(item, collection, spec, headers, ctx, flow);
  if (Object.keys(headers).length > 0) spec.headers = headers;

  const expect: Json[] = [];
  const capture: Json[] = [];
  const statuses = r.expect?.status ?? [];
  if (statuses.length > 0) expect.push({ statusCode: statuses.length === 1 ? statuses[0] : statuses });
  for (const [place, scripts] of levels) {
    const test = translateScript(scripts?.test ?? '', 'test');
    for (const u of test.untranslated) ctx.skipped.push(`${place}: test script ${u}`);
    expect.push(...test.expect);
    for (const c of test.capture) { capture.push(c); ctx.defined.delete(c.as); }
  }
  if (capture.length > 0) spec.capture = capture;
  if (expect.length > 0) spec.expect = expect;
  return { [method]: spec };
}

const enabled = (rows: readonly KeyValue[]): KeyValue[] => rows.filter((x) => x.enabled !== false && x.key !== '');
const hasHeader = (headers: Json, name: string): boolean => Object.keys(headers).some((k) => k.toLowerCase() === name);

function body(b: Body, spec: Json, headers: Json, where: string, ctx: Ctx): void {
  const t = (s: string): string => templ(s, where, ctx);
  const typed = (type: string): void => { if (!hasHeader(headers, 'content-type')) headers['Content-Type'] = type; };
  switch (b.mode) {
    case 'none': return;
    case 'json': spec.body = t(b.text); typed('application/json'); return;
    case 'xml': spec.body = t(b.text); typed('application/xml'); return;
    case 'text': spec.body = t(b.text); if (b.contentType) typed(b.contentType); return;
    case 'form-urlencoded': spec.form = Object.fromEntries(enabled(b.fields).map((f) => [f.key, t(f.value)])); return;
    case 'multipart': {
      const fields: Json = {};
      for (const f of b.fields) if (f.enabled !== false) fields[f.name] = f.kind === 'text' ? t(f.value) : { fromFile: f.path };
      spec.formData = fields;
      return;
    }
    case 'graphql': {
      let variables: unknown;
      try { variables = b.variables.trim() ? JSON.parse(t(b.variables)) as unknown : undefined; } catch { variables = undefined; ctx.skipped.push(`${where}: GraphQL variables that are not JSON`); }
      spec.json = { query: t(b.query), ...(variables !== undefined ? { variables } : {}), ...(b.operationName ? { operationName: b.operationName } : {}) };
      return;
    }
    case 'binary': ctx.skipped.push(`${where}: the binary file body ${b.path} (sent without a body)`);
  }
}

/** Where the script reads a secret: the most specific of the names `keyhole run` would look up. */
function envRef(ctx: Ctx, name: string, what: string): string {
  ctx.secretEnv.set(name, what);
  return `{{ $processEnvironment.${name} }}`;
}

/** A secret auth field: a {{reference}} stays one; a value is the environment variable its profile key names, or the value with includeSecrets. */
function secretField(value: string, profile: string | undefined, field: string, where: string, ctx: Ctx): string {
  if (/^\{\{[^{}]+\}\}$/.test(value.trim())) return templ(value, where, ctx);
  // An empty field of a profile is one the secret store holds (its file keeps no value).
  if (value === '' && !(profile && ctx.opts.environment)) return '';
  if (value !== '' && ctx.opts.includeSecrets) { ctx.ledger.included.push(`${profile ? `profile ${profile}` : where}.${field}`); return value; }
  if (profile && ctx.opts.environment) return envRef(ctx, secretVariableNames(ctx.opts.environment.name, profileSecretKey(profile, field))[0] as string, `the ${field} of profile ${profile}`);
  ctx.ledger.blanked.push(`${where}.${field}`);
  return '';
}

function auth(item: RunItem, collection: Collection, spec: Json, headers: Json, ctx: Ctx, flow: Json[]): void {
  const where = item.path;
  let auth: ConcreteAuth;
  let profile: string | undefined;
  try {
    ({ auth, profile } = effectiveAuth(item.request.auth, item.folders, collection, ctx.opts.environment, item.request.name));
  } catch (e) {
    ctx.skipped.push(`${where}: ${(e as Error).message} (sent without auth; export with -e ENV)`);
    return;
  }
  const t = (s: string): string => templ(s, where, ctx);
  const secret = (field: string): string => {
    const v = (auth as Record<string, unknown>)[field];
    return secretField(typeof v === 'string' ? v : '', profile, field, where, ctx);
  };
  switch (auth.type) {
    case 'none': return;
    case 'basic': spec.auth = { user: t(auth.username), pass: secret('password') }; return;
    case 'bearer': headers.Authorization = `${auth.prefix} ${secret('token')}`.trim(); return;
    case 'apikey': {
      const value = `${auth.prefix ? `${auth.prefix} ` : ''}${secret('value')}`;
      if (auth.in === 'header') headers[t(auth.key)] = value;
      else if (auth.in === 'query') spec.qs = { ...(spec.qs as Json | undefined), [t(auth.key)]: value };
      else spec.cookie = { [t(auth.key)]: value };
      return;
    }
    case 'oauth2': {
      if ((auth.grant !== 'client_credentials' && auth.grant !== 'password') || !auth.tokenUrl || auth.clientAuth === 'private_key_jwt') {
        ctx.skipped.push(`${where}: OAuth 2.0 ${auth.grant}${auth.tokenUrl ? '' : ' without a token URL'}${auth.clientAuth === 'private_key_jwt' ? ' with private_key_jwt' : ''} (sent without auth)`);
        return;
      }
      const key = JSON.stringify(auth);
      let token = ctx.tokenSteps.get(key);
      if (!token) {
        token = `keyhole_token_${ctx.tokenSteps.size + 1}`;
        ctx.tokenSteps.set(key, token);
        const form: Json = { grant_type: auth.grant };
        if (auth.grant === 'password') { form.username = t(auth.username ?? ''); form.password = secret('password'); }
        for (const f of ['scope', 'audience', 'resource'] as const) if (auth[f]) form[f] = t(auth[f] as string);
        const step: Json = { name: `OAuth 2.0 token (${profile ? `profile ${profile}` : where})`, url: t(auth.tokenUrl), form, capture: [{ json: '$.access_token', as: token }], expect: [{ statusCode: 200 }] };
        if (auth.clientAuth === 'client_secret_post' || auth.clientAuth === 'none') {
          form.client_id = t(auth.clientId);
          if (auth.clientAuth === 'client_secret_post') form.client_secret = secret('clientSecret');
        } else step.auth = { user: t(auth.clientId), pass: secret('clientSecret') };
        flow.push({ post: step });
      }
      headers.Authorization = `${auth.tokenPrefix} {{ ${token} }}`;
      return;
    }
    default:
      ctx.skipped.push(`${where}: ${auth.type} auth${profile ? ` (profile ${profile})` : ''} (Artillery cannot sign it; sent without auth)`);
  }
}
