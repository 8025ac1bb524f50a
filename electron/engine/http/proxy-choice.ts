import { KeyholeError } from '../../../shared/errors';
import type { ProxySettings } from '../../../shared/model';

export type ProxyChoice =
  | { kind: 'direct' }
  /** url without credentials; token is the Proxy-Authorization value when credentials were given. */
  | { kind: 'proxy'; url: string; token?: string | undefined };

type Env = Record<string, string | undefined>;

/** The proxy variables as curl reads them: lower case first, blank counts as unset, trimmed. */
interface ProxyEnv {
  http_proxy?: string | undefined;
  https_proxy?: string | undefined;
  all_proxy?: string | undefined;
  no_proxy?: string | undefined;
}
let processSnapshot: ProxyEnv | undefined;

const envValue = (env: Env, name: string): string | undefined => {
  const v = env[name] ?? env[name.toUpperCase()];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
};

const readProxyEnv = (env: Env): ProxyEnv => ({
  http_proxy: envValue(env, 'http_proxy'), https_proxy: envValue(env, 'https_proxy'),
  all_proxy: envValue(env, 'all_proxy'), no_proxy: envValue(env, 'no_proxy'),
});

/**
 * Every read of process.env is a getenv call; a run of thousands of requests spent more time there
 * than in its own code. The proxy variables of the process are read once, as curl reads them at
 * start; any other env record (tests, the app's settings) is read as given.
 */
function proxyEnv(env: Env): ProxyEnv {
  if (env !== process.env) return readProxyEnv(env);
  processSnapshot ??= readProxyEnv(process.env);
  return processSnapshot;
}

/**
 * Which proxy (if any) a request to `target` goes through. `system` reads HTTPS_PROXY / HTTP_PROXY
 * and NO_PROXY (either case) like curl; `custom` uses the configured URL and credentials.
 */
export function chooseProxy(target: URL, settings: ProxySettings, processOrGivenEnv: Env): ProxyChoice {
  if (settings.mode === 'none') return { kind: 'direct' };
  const env = proxyEnv(processOrGivenEnv);
  let raw: string | undefined;
  let noProxy = settings.noProxy ?? '';
  if (settings.mode === 'custom') {
    raw = settings.url;
    if (raw === undefined || raw.trim() === '') throw new KeyholeError('proxy', 'Proxy mode is "custom" but no proxy URL is set', { hint: 'Set the proxy URL, or choose the system or no proxy.' });
  } else {
    raw = (target.protocol === 'https:' ? env.https_proxy : env.http_proxy) ?? env.all_proxy;
    noProxy = [noProxy, env.no_proxy ?? ''].filter((s) => s !== '').join(',');
  }
  if (raw === undefined) return { kind: 'direct' };
  if (noProxyMatches(target, noProxy)) return { kind: 'direct' };
  return parseProxyUrl(raw, settings.mode === 'custom' ? settings : {});
}

function parseProxyUrl(raw: string, creds: { username?: string | undefined; password?: string | undefined }): ProxyChoice {
  let url: URL;
  try {
    // curl accepts "host:port" without a scheme and means http.
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`);
  } catch (e) {
    throw new KeyholeError('proxy', `Proxy URL is not a valid URL: ${raw.replace(/\/\/[^@/]*@/, '//…@')}`, { cause: e });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new KeyholeError('proxy', `Proxy scheme ${url.protocol} is not supported; use an http:// or https:// proxy`);
  }
  const username = creds.username ?? (url.username === '' ? undefined : decodeURIComponent(url.username));
  const password = creds.password ?? (url.password === '' ? undefined : decodeURIComponent(url.password));
  url.username = '';
  url.password = '';
  const token = username === undefined ? undefined : `Basic ${Buffer.from(`${username}:${password ?? ''}`).toString('base64')}`;
  return { kind: 'proxy', url: url.origin, token };
}

/**
 * NO_PROXY as curl reads it: a comma list; `*` alone bypasses everything; an entry matches the host
 * itself or any subdomain (a leading dot is optional); `host:port` matches that port only. IP
 * literals match exactly (curl's CIDR ranges are not supported).
 */
export function noProxyMatches(target: URL, noProxy: string): boolean {
  const host = target.hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  const port = target.port !== '' ? target.port : target.protocol === 'https:' ? '443' : '80';
  for (const rawEntry of noProxy.split(',')) {
    let entry = rawEntry.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return true;
    let entryPort: string | undefined;
    const m = /^(.*?):(\d+)$/.exec(entry);
    if (m && !entry.startsWith('[') && (m[1] ?? '').indexOf(':') === -1) {
      entry = m[1] ?? '';
      entryPort = m[2];
    } else if (/^\[.*\]:\d+$/.test(entry)) {
      entryPort = entry.slice(entry.lastIndexOf(':') + 1);
      entry = entry.slice(0, entry.lastIndexOf(':'));
    }
    entry = entry.replace(/^\[|\]$/g, '').replace(/^\*?\./, '').replace(/\.$/, '');
    if (entryPort !== undefined && entryPort !== port) continue;
    if (host === entry || host.endsWith(`.${entry}`)) return true;
  }
  return false;
}
