import { HTTPSnippet } from 'httpsnippet';
import { KeyholeError } from '../../../shared/errors';
import { ReportNotes } from '../../../shared/importers/report';
import type { Auth, Collection, Environment, Folder, Request } from '../../../shared/model';
import { effectiveAuth } from '../execute/auth-chain';
import type { ExportResult } from './types';

/** Language names `--format code:<lang>` accepts, mapped to httpsnippet targets. */
interface HarRequest {
  method: string; url: string; httpVersion: string; cookies: never[]; headersSize: number; bodySize: number;
  headers: { name: string; value: string }[];
  queryString: { name: string; value: string }[];
  postData?: { mimeType: string; text?: string; params?: { name: string; value?: string; fileName?: string }[] };
}

export const SNIPPET_TARGETS = {
  curl: ['shell', 'curl'], httpie: ['shell', 'httpie'], python: ['python', 'requests'], fetch: ['javascript', 'fetch'],
  go: ['go', 'native'], java: ['java', 'okhttp'], csharp: ['csharp', 'httpclient'], undici: ['node', 'undici'],
} as const;
export type SnippetLang = keyof typeof SNIPPET_TARGETS;

function authHeader(auth: Auth, include: boolean, notes: ReportNotes, blanked: string[]): { name: string; value: string } | { query: [string, string] } | undefined {
  const secret = (field: string, v: string): string => {
    if (include || v === '' || /^\{\{[^{}]+\}\}$/.test(v)) return v;
    blanked.push(`auth.${field}`);
    return `<${field}>`;
  };
  switch (auth.type) {
    case 'basic': {
      const pw = secret('password', auth.password);
      // With the password a placeholder the header would encode the placeholder; say so in clear.
      return { name: 'Authorization', value: include || pw === auth.password ? `Basic ${Buffer.from(`${auth.username}:${pw}`).toString('base64')}` : `Basic <base64 of ${auth.username}:${pw}>` };
    }
    case 'bearer': return { name: 'Authorization', value: `${auth.prefix} ${secret('token', auth.token)}` };
    case 'apikey': return auth.in === 'query' ? { query: [auth.key, secret('value', auth.value)] } : auth.in === 'cookie' ? { name: 'Cookie', value: `${auth.key}=${secret('value', auth.value)}` } : { name: auth.key, value: `${auth.prefix ?? ''}${secret('value', auth.value)}` };
    case 'none': case 'inherit': return undefined;
    default:
      notes.add('auth', 'auth', `${auth.type} auth is computed per request (signatures, tokens); the snippet has no auth header for it`);
      return undefined;
  }
}

/**
 * A code snippet for one request, with its effective auth (already resolved by the caller from
 * inherit/profile) applied as a header. Secrets become <placeholders> unless includeSecrets;
 * {{variables}} are left as written (resolve them first for a runnable snippet).
 */
export function exportSnippet(request: Request, auth: Auth, lang: SnippetLang, opts: { includeSecrets?: boolean } = {}): ExportResult {
  const notes = new ReportNotes();
  const blanked: string[] = [];
  const headers = request.headers.filter((h) => h.enabled).map((h) => ({ name: h.key, value: h.value }));
  const query = request.query.filter((q) => q.enabled).map((q) => ({ name: q.key, value: q.value }));
  const a = authHeader(auth, opts.includeSecrets === true, notes, blanked);
  if (a && 'query' in a) query.push({ name: a.query[0], value: a.query[1] });
  else if (a) headers.push(a);
  const b = request.body;
  let postData: HarRequest['postData'];
  const ct = (t: string): void => { if (!headers.some((h) => h.name.toLowerCase() === 'content-type')) headers.push({ name: 'Content-Type', value: t }); };
  switch (b.mode) {
    case 'json': ct('application/json'); postData = { mimeType: 'application/json', text: b.text }; break;
    case 'xml': ct('application/xml'); postData = { mimeType: 'application/xml', text: b.text }; break;
    case 'text': postData = { mimeType: b.contentType ?? 'text/plain', text: b.text }; break;
    case 'graphql': ct('application/json'); postData = { mimeType: 'application/json', text: JSON.stringify({ query: b.query, ...(b.variables.trim() ? { variables: JSON.parse(b.variables) as unknown } : {}) }) }; break;
    case 'form-urlencoded': ct('application/x-www-form-urlencoded'); postData = { mimeType: 'application/x-www-form-urlencoded', params: b.fields.filter((f) => f.enabled).map((f) => ({ name: f.key, value: f.value })) }; break;
    case 'multipart': postData = { mimeType: 'multipart/form-data', params: b.fields.filter((f) => f.enabled).map((f) => (f.kind === 'text' ? { name: f.name, value: f.value } : { name: f.name, fileName: f.path })) }; break;
    case 'binary': notes.add('body', 'body', `binary body from ${b.path} is not inlined in the snippet`); break;
    case 'none': break;
  }
  const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(request.url) ? request.url : `http://${request.url}`;
  if (!URL.canParse(url)) {
    throw new KeyholeError('invalid-input', `Request ${request.name} has no absolute URL after variables: ${request.url}`, { hint: 'Choose an environment (-e NAME) that defines the variables in the URL.' });
  }
  const har = { method: request.method, url, httpVersion: 'HTTP/1.1', headers, queryString: query, cookies: [], headersSize: -1, bodySize: -1, ...(postData ? { postData } : {}) };
  const typed: HarRequest = har;
  let output: string;
  if (lang === 'undici') output = undiciSnippet(typed);
  else {
    const [target, client] = SNIPPET_TARGETS[lang];
    const out = new HTTPSnippet(har as never).convert(target as never, client);
    if (typeof out !== 'string') throw new KeyholeError('internal', `No ${lang} snippet could be generated`);
    output = out;
  }
  return {
    output: output.endsWith('\n') ? output : `${output}\n`,
    report: { format: `code:${lang}`, secretsBlanked: blanked, warnings: opts.includeSecrets && a ? ['This snippet contains credentials in clear text.'] : [], notCarried: notes.notes },
  };
}

/**
 * The snippet of a request where it lives: its effective auth (inherited, or the profile the
 * environment binds) and the plain variables of the collection and environment filled in, so it
 * runs as pasted; secret variables stay {{references}} and secret fields <placeholders> unless
 * includeSecrets (then secret variables are filled too, from values the caller resolved). `binder` binds profiles (an environment, or profiles every environment shares).
 */
export function snippetFor(o: { collection: Collection; environment?: Environment | undefined; binder?: Environment | undefined; request: Request; folders: readonly Folder[]; lang: SnippetLang; includeSecrets?: boolean }): ExportResult {
  const auth = effectiveAuth(o.request.auth, o.folders, o.collection, o.binder ?? o.environment, o.request.name).auth;
  const values = new Map<string, string>();
  for (const v of [...o.collection.variables, ...(o.environment?.variables ?? [])]) {
    if (v.enabled && (!v.secret || (o.includeSecrets === true && v.value !== ''))) values.set(v.key, v.value);
  }
  const fill = <T>(x: T): T => JSON.parse(JSON.stringify(x).replace(/\{\{([^{}]+)\}\}/g, (m, k: string) => (values.has(k) ? JSON.stringify(values.get(k)).slice(1, -1) : m))) as T;
  return exportSnippet(fill(o.request), fill(auth), o.lang, { includeSecrets: o.includeSecrets === true });
}

/** httpsnippet has no undici client; this one matches what Keyhole's engine itself uses. */
function undiciSnippet(har: HarRequest): string {
  const u = new URL(har.url);
  for (const q of har.queryString) u.searchParams.append(q.name, q.value);
  const headers = Object.fromEntries(har.headers.map((h) => [h.name, h.value]));
  let body = '';
  if (har.postData?.text !== undefined) body = `,\n  body: ${JSON.stringify(har.postData.text)}`;
  else if (har.postData?.params && har.postData.mimeType.startsWith('application/x-www-form-urlencoded')) {
    body = `,\n  body: new URLSearchParams(${JSON.stringify(har.postData.params.map((p) => [p.name, p.value ?? '']))}).toString()`;
  }
  return `import { request } from 'undici';\n\nconst { statusCode, body } = await request(${JSON.stringify(u.toString())}, {\n  method: ${JSON.stringify(har.method)},\n  headers: ${JSON.stringify(headers, null, 2).replace(/\n/g, '\n  ')}${body}\n});\nconsole.log(statusCode, await body.text());\n`;
}
