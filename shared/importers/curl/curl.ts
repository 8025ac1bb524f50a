import type { Auth, Body, KeyValue, MultipartField, Request, RequestSettings } from '../../model';
import { KeyholeError } from '../../errors';
import { decodePart, finish, methodOf, nameFromUrl, splitUrl } from '../build';
import type { ImportInput } from '../document';
import { ReportNotes } from '../report';
import type { Importer, ImportOptions, ImportResult } from '../types';
import { shellWords } from './shell-words';

/** Options that take a value; the rest are flags. Short forms map to their long names. */
const SHORT: Record<string, string> = {
  X: 'request', H: 'header', d: 'data', F: 'form', u: 'user', b: 'cookie', x: 'proxy', U: 'proxy-user', A: 'user-agent',
  e: 'referer', E: 'cert', T: 'upload-file', m: 'max-time', o: 'output', w: 'write-out', r: 'range', c: 'cookie-jar',
  k: 'insecure', G: 'get', I: 'head', L: 'location', s: 'silent', S: 'show-error', v: 'verbose', i: 'include', f: 'fail',
  O: 'remote-name', N: 'no-buffer', g: 'globoff', '#': 'progress-bar', Z: 'parallel', '0': 'http1.0',
};
const TAKES_VALUE = new Set(['request', 'header', 'data', 'data-raw', 'data-binary', 'data-ascii', 'data-urlencode', 'json', 'form', 'form-string',
  'user', 'cookie', 'proxy', 'proxy-user', 'user-agent', 'referer', 'cert', 'key', 'cacert', 'upload-file', 'max-time', 'connect-timeout',
  'output', 'write-out', 'range', 'cookie-jar', 'url', 'oauth2-bearer', 'aws-sigv4', 'max-redirs', 'pass', 'resolve', 'connect-to',
  'retry', 'limit-rate', 'interface', 'cert-type', 'key-type', 'capath', 'proxy-cacert', 'noproxy', 'dump-header', 'trace', 'trace-ascii', 'stderr', 'config']);
/** Flags that shape only curl's own output or retries; nothing to carry and nothing lost. */
const OUTPUT_ONLY = new Set(['silent', 'show-error', 'verbose', 'include', 'fail', 'fail-with-body', 'remote-name', 'no-buffer', 'globoff', 'progress-bar',
  'output', 'write-out', 'dump-header', 'trace', 'trace-ascii', 'stderr', 'no-progress-meter', 'retry', 'limit-rate', 'parallel', 'http1.0', 'location',
  'location-trusted', 'compressed-ssh', 'path-as-is', 'cookie-jar', 'remote-header-name', 'create-dirs', 'styled-output', 'no-keepalive', 'tcp-nodelay']);

export function isCurl(text: string): boolean {
  return /^\s*curl(\.exe)?\s/i.test(text);
}

interface Parsed { opts: [string, string | true][]; urls: string[] }

function parseArgs(words: string[], notes: ReportNotes): Parsed {
  const opts: [string, string | true][] = [];
  const urls: string[] = [];
  for (let i = 1; i < words.length; i++) {
    const w = words[i] as string;
    const take = (name: string, at: number): string => {
      const v = words[at];
      if (v === undefined) throw new KeyholeError('import-failed', `curl option --${name} needs a value (word ${at})`, { details: { path: `argv[${at}]` } });
      return v;
    };
    if (w.startsWith('--') && w.length > 2) {
      const name = w.slice(2);
      if (TAKES_VALUE.has(name)) { opts.push([name, take(name, i + 1)]); i++; } else opts.push([name, true]);
    } else if (w.startsWith('-') && w.length > 1) {
      for (let j = 1; j < w.length; j++) {
        const ch = w[j] as string;
        const name = SHORT[ch];
        if (!name) { notes.add(`argv[${i}]`, 'option', `curl option -${ch} is not supported; ignored`); continue; }
        if (TAKES_VALUE.has(name)) {
          const attached = w.slice(j + 1);
          if (attached !== '') opts.push([name, attached]);
          else { opts.push([name, take(name, i + 1)]); i++; }
          break;
        }
        opts.push([name, true]);
      }
    } else urls.push(w);
  }
  return { opts, urls };
}

/**
 * One cURL command line → a one-request collection. The request is what curl would send:
 * -d makes a POST, -G moves the data to the query, -u/--oauth2-bearer/--digest become auth,
 * -k/-x/--max-time become settings. Flags about curl's own output are ignored; anything else it
 * cannot carry is listed in the report.
 */
export function parseCurl(input: ImportInput, opts: ImportOptions = {}): ImportResult {
  const notes = new ReportNotes();
  const { words, rest } = shellWords(input.text.trim());
  if (words[0]?.replace(/\.exe$/i, '').toLowerCase() !== 'curl') {
    throw new KeyholeError('import-failed', 'Not a cURL command line: it must start with "curl"', { details: { path: 'argv[0]' } });
  }
  if (/\bcurl\s/.test(rest)) notes.add('(after the first command)', 'other', 'only the first curl command was imported');
  const { opts: args, urls } = parseArgs(words, notes);
  const headers: KeyValue[] = [];
  const data: { kind: string; value: string }[] = [];
  const form: MultipartField[] = [];
  const settings: RequestSettings = {};
  let method: string | undefined;
  let user: string | undefined;
  let bearer: string | undefined;
  let scheme = 'basic' as 'basic' | 'digest' | 'ntlm' | 'aws';
  let awsScope: string | undefined;
  let get = false;
  let upload: string | undefined;
  let compressed = false;
  args.forEach(([name, value], idx) => {
    const place = `option ${idx + 1} (--${name})`;
    const v = value === true ? '' : value;
    switch (name) {
      case 'request': method = v; break;
      case 'url': urls.push(v); break;
      case 'header': {
        const c = v.indexOf(':');
        const semi = v.indexOf(';');
        if (c > 0) {
          const val = v.slice(c + 1).trim();
          if (val === '') notes.add(place, 'option', `header "${v.slice(0, c)}:" with no value removes a curl default; ignored`);
          else headers.push({ key: v.slice(0, c).trim(), value: val, enabled: true });
        } else if (semi > 0 && semi === v.length - 1) headers.push({ key: v.slice(0, semi).trim(), value: '', enabled: true });
        else if (v.startsWith('@')) notes.add(place, 'option', `headers from file ${v.slice(1)} were not read`);
        break;
      }
      case 'data': case 'data-ascii': case 'data-raw': case 'data-binary': case 'data-urlencode':
        data.push({ kind: name, value: v });
        break;
      case 'json':
        data.push({ kind: 'data-binary', value: v });
        if (!headers.some((h) => h.key.toLowerCase() === 'content-type')) headers.push({ key: 'Content-Type', value: 'application/json', enabled: true });
        if (!headers.some((h) => h.key.toLowerCase() === 'accept')) headers.push({ key: 'Accept', value: 'application/json', enabled: true });
        break;
      case 'form': case 'form-string': form.push(formField(v, name === 'form-string', place, notes)); break;
      case 'user': user = v; break;
      case 'basic': scheme = 'basic'; break;
      case 'digest': scheme = 'digest'; break;
      case 'ntlm': case 'negotiate': case 'anyauth': scheme = 'ntlm'; notes.add(place, 'auth', `--${name} is not supported; the -u credentials were kept as Basic auth`); break;
      case 'aws-sigv4': scheme = 'aws'; awsScope = v; break;
      case 'oauth2-bearer': bearer = v; break;
      case 'cookie':
        if (v.includes('=')) headers.push({ key: 'Cookie', value: v, enabled: true });
        else notes.add(place, 'option', `cookies from file ${v} were not read`);
        break;
      case 'user-agent': headers.push({ key: 'User-Agent', value: v, enabled: true }); break;
      case 'referer': headers.push({ key: 'Referer', value: v, enabled: true }); break;
      case 'insecure': settings.tls = { ...settings.tls, verify: false }; break;
      case 'cacert': settings.tls = { ...settings.tls, caFile: v }; break;
      case 'cert': {
        const m = /^(.*?)(?<!\\):(.*)$/.exec(v);
        settings.tls = { ...settings.tls, certFile: m ? (m[1] as string) : v, ...(m ? { passphrase: m[2] as string } : {}) };
        break;
      }
      case 'key': settings.tls = { ...settings.tls, keyFile: v }; break;
      case 'proxy': settings.proxy = { ...settings.proxy, mode: 'custom', url: v }; break;
      case 'proxy-user': {
        const c = v.indexOf(':');
        settings.proxy = { ...settings.proxy, username: c >= 0 ? v.slice(0, c) : v, ...(c >= 0 ? { password: v.slice(c + 1) } : {}) };
        break;
      }
      case 'noproxy': settings.proxy = { ...settings.proxy, noProxy: v }; break;
      case 'max-time': settings.timeoutMs = Math.round(Number(v) * 1000) || undefined; break;
      case 'connect-timeout': settings.connectTimeoutMs = Math.round(Number(v) * 1000) || undefined; break;
      case 'max-redirs': settings.maxRedirects = Number.parseInt(v, 10); break;
      case 'http2': case 'http2-prior-knowledge': settings.http2 = true; break;
      case 'http1.1': settings.http2 = false; break;
      case 'compressed': compressed = true; break;
      case 'get': get = true; break;
      case 'head': method = method ?? 'HEAD'; break;
      case 'upload-file': upload = v; break;
      default:
        if (!OUTPUT_ONLY.has(name)) notes.add(place, 'option', `curl option --${name} is not supported; ignored`);
    }
  });
  const rawUrl = urls[0];
  if (rawUrl === undefined) throw new KeyholeError('import-failed', 'The curl command has no URL', { hint: 'Add the URL to request.', details: { path: 'url' } });
  if (urls.length > 1) notes.add('url', 'other', `only the first of ${urls.length} URLs was imported`);
  const split = splitUrl(rawUrl);
  const query = [...split.query];
  let body: Body = { mode: 'none' };
  const contentType = headers.find((h) => h.key.toLowerCase() === 'content-type')?.value.toLowerCase();
  if (compressed && !headers.some((h) => h.key.toLowerCase() === 'accept-encoding')) headers.push({ key: 'Accept-Encoding', value: 'gzip, deflate, br', enabled: true });
  if (form.length > 0) body = { mode: 'multipart', fields: form };
  else if (upload !== undefined) body = { mode: 'binary', path: upload };
  else if (data.length > 0) {
    const fileData = data.find((d) => d.kind !== 'data-raw' && d.kind !== 'data-urlencode' && d.value.startsWith('@'));
    const pairs = data.map((d) => encodeData(d.kind, d.value, notes));
    if (get) {
      for (const p of pairs.join('&').split('&')) if (p !== '') query.push(pair(p));
    } else if (fileData && data.length === 1) {
      body = { mode: 'binary', path: fileData.value.slice(1), ...(contentType ? { contentType } : {}) };
    } else {
      const text = pairs.join('&');
      if (contentType && /json/.test(contentType)) body = { mode: 'json', text };
      else if (contentType && /xml/.test(contentType)) body = { mode: 'xml', text };
      else if ((!contentType || contentType.startsWith('application/x-www-form-urlencoded')) && /^[^=&]+=[^&]*(&[^=&]+=[^&]*)*$/.test(text)) {
        body = { mode: 'form-urlencoded', fields: text.split('&').map(pair) };
      } else body = { mode: 'text', text, contentType: contentType ?? 'application/x-www-form-urlencoded' };
    }
  }
  const m = methodOf(method ?? (get ? 'GET' : body.mode !== 'none' ? (upload !== undefined ? 'PUT' : 'POST') : 'GET'), 'option --request');
  let auth: Auth = { type: 'none' };
  if (bearer !== undefined) auth = { type: 'bearer', token: bearer, prefix: 'Bearer' };
  if (user !== undefined) {
    const c = user.indexOf(':');
    const username = c >= 0 ? user.slice(0, c) : user;
    const password = c >= 0 ? user.slice(c + 1) : '';
    if (scheme === 'digest') auth = { type: 'digest', username, password };
    else if (scheme === 'aws') {
      const [, , region = 'us-east-1', service = ''] = (awsScope ?? '').split(':');
      auth = { type: 'awsv4', accessKeyId: username, secretAccessKey: password, region, service, signQuery: false, unsignedPayload: false };
    } else auth = { type: 'basic', username, password, charset: 'utf-8' };
  }
  const request: Request = {
    name: nameFromUrl(m, split.url), method: m, url: split.url, query, headers, body, auth, settings,
  };
  return finish('curl', { keyhole: 1, name: opts.name ?? 'cURL import', items: [{ kind: 'request', ...request }] }, [], notes.notes);
}

function pair(p: string): KeyValue {
  const eq = p.indexOf('=');
  const dec = (s: string): string => decodePart(s.replace(/\+/g, ' '));
  return { key: dec(eq >= 0 ? p.slice(0, eq) : p), value: dec(eq >= 0 ? p.slice(eq + 1) : ''), enabled: true };
}

/** What curl puts on the wire for one data option (file contents excepted). */
function encodeData(kind: string, v: string, notes: ReportNotes): string {
  if (kind === 'data-urlencode') {
    const at = v.search(/[=@]/);
    if (at < 0) return encodeURIComponent(v);
    const name = v.slice(0, at);
    if (v[at] === '@') {
      notes.add(`--data-urlencode ${v}`, 'body', `file ${v.slice(at + 1)} was not read; its name is kept as the value`);
      return `${name}=${encodeURIComponent(`@${v.slice(at + 1)}`)}`;
    }
    return name === '' ? encodeURIComponent(v.slice(at + 1)) : `${name}=${encodeURIComponent(v.slice(at + 1))}`;
  }
  // -d strips newlines as curl does; --data-binary and --data-raw keep them.
  return kind === 'data' || kind === 'data-ascii' ? v.replace(/[\r\n]/g, '') : v;
}

function formField(v: string, literal: boolean, place: string, notes: ReportNotes): MultipartField {
  const eq = v.indexOf('=');
  const name = eq >= 0 ? v.slice(0, eq) : v;
  const rest = eq >= 0 ? v.slice(eq + 1) : '';
  if (!literal && (rest.startsWith('@') || rest.startsWith('<'))) {
    const [path = '', ...attrs] = rest.slice(1).split(';');
    const attr = (k: string): string | undefined => attrs.find((a) => a.startsWith(`${k}=`))?.slice(k.length + 1).replace(/^"|"$/g, '');
    const contentType = attr('type');
    if (rest.startsWith('<')) notes.add(place, 'body', `field "${name}" takes its text from ${path}; imported as a file part`);
    const filename = attr('filename');
    return { kind: 'file', name, path, enabled: true, ...(filename ? { filename } : {}), ...(contentType ? { contentType } : {}) };
  }
  const [value = '', ...attrs] = literal ? [rest] : rest.split(';type=');
  return { kind: 'text', name, value, enabled: true, ...(attrs[0] ? { contentType: attrs[0] } : {}) };
}


export const curlImporter: Importer = {
  format: 'curl',
  detect: (input) => isCurl(input.text),
  parse: parseCurl,
};
