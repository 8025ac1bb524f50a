import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { KeyholeError } from '../../shared/errors';
import { HttpMethod, Request, type Auth, type Body, type RequestSettings } from '../../shared/model';

/** The curl-compatible flags of `keyhole send`, as commander hands them over. */
export interface SendFlags {
  request?: string;
  header?: string[];
  data?: string[];
  dataRaw?: string[];
  user?: string;
  basic?: boolean;
  digest?: boolean;
  oauth2Bearer?: string;
  awsSigv4?: string;
  insecure?: boolean;
  cacert?: string;
  cert?: string;
  key?: string;
  pass?: string;
  proxy?: string;
  maxTime?: string;
  connectTimeout?: string;
  follow?: boolean;
  maxRedirs?: string;
}

function number(flag: string, v: string | undefined, scale = 1): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new KeyholeError('usage', `${flag} takes a non-negative number, not "${v}"`);
  return Math.round(n * scale);
}

/**
 * Turns curl-style flags into a Keyhole request, with curl's meanings: -d implies POST and
 * form encoding, `-d @file` reads the file, -u with --digest selects Digest, --aws-sigv4 takes
 * "aws:amz:REGION:SERVICE" and reads the keys from -u as curl does.
 */
export function adhocRequest(url: string, flags: SendFlags, cwd: string): Request {
  const headers = (flags.header ?? []).map((h) => {
    const i = h.indexOf(':');
    if (i <= 0) throw new KeyholeError('usage', `-H expects "Name: value", got "${h}"`);
    return { key: h.slice(0, i).trim(), value: h.slice(i + 1).trim(), enabled: true };
  });
  const data = [...(flags.data ?? []).map((d) => readData(d, cwd)), ...(flags.dataRaw ?? [])];
  const hasType = headers.some((h) => h.key.toLowerCase() === 'content-type');
  let body: Body = { mode: 'none' };
  if (data.length > 0) {
    // curl sends -d as a form unless told otherwise; a Content-Type header given with -H wins.
    body = { mode: 'text', text: data.join('&'), contentType: hasType ? undefined : 'application/x-www-form-urlencoded' };
  }
  const method = flags.request ?? (data.length > 0 ? 'POST' : 'GET');
  if (!HttpMethod.safeParse(method).success) {
    throw new KeyholeError('usage', `-X ${JSON.stringify(method)} is not an HTTP method: a method is one word of letters, digits and !#$%&'*+-.^_\`|~ (RFC 9110 §9.1)`, {
      hint: 'For example -X GET, -X POST or -X PATCH.',
    });
  }
  const settings: RequestSettings = {
    timeoutMs: number('--max-time', flags.maxTime, 1000),
    connectTimeoutMs: number('--connect-timeout', flags.connectTimeout, 1000),
    followRedirects: flags.follow,
    maxRedirects: number('--max-redirs', flags.maxRedirs),
    tls: {
      ...(flags.insecure ? { verify: false } : {}),
      ...(flags.cacert ? { caFile: resolve(cwd, flags.cacert) } : {}),
      ...(flags.cert ? certFields(flags, cwd) : {}),
    },
    ...(flags.proxy ? { proxy: { mode: 'custom' as const, url: flags.proxy } } : {}),
  };
  return Request.parse({
    name: 'command line',
    method,
    url,
    headers,
    body,
    auth: authFromFlags(flags),
    settings,
  });
}

function readData(d: string, cwd: string): string {
  if (!d.startsWith('@')) return d;
  const path = resolve(cwd, d.slice(1));
  try {
    // curl strips newlines from -d @file; --data-binary would keep them.
    return readFileSync(path, 'utf8').replace(/[\r\n]/g, '');
  } catch {
    throw new KeyholeError('file-not-found', `-d ${d}: cannot read ${path}`);
  }
}

function certFields(flags: SendFlags, cwd: string): RequestSettings['tls'] {
  const cert = resolve(cwd, flags.cert ?? '');
  if (/\.(p12|pfx)$/i.test(cert)) return { pfxFile: cert, passphrase: flags.pass };
  return { certFile: cert, keyFile: flags.key ? resolve(cwd, flags.key) : cert, passphrase: flags.pass };
}

function authFromFlags(flags: SendFlags): Auth {
  if (flags.oauth2Bearer !== undefined) return { type: 'bearer', token: flags.oauth2Bearer, prefix: 'Bearer' };
  if (flags.awsSigv4 !== undefined) {
    // curl: --aws-sigv4 "aws:amz:REGION:SERVICE" -u ACCESS_KEY:SECRET_KEY
    const parts = flags.awsSigv4.split(':');
    const [, , region, service] = parts;
    if (parts.length < 4 || !region || !service) throw new KeyholeError('usage', `--aws-sigv4 expects "aws:amz:REGION:SERVICE", got "${flags.awsSigv4}"`);
    const [accessKeyId, secretAccessKey] = splitUser(flags.user, '--aws-sigv4 needs -u ACCESS_KEY:SECRET_KEY');
    return { type: 'awsv4', accessKeyId, secretAccessKey, region, service, signQuery: false, unsignedPayload: false };
  }
  if (flags.user !== undefined) {
    const [username, password] = splitUser(flags.user, '-u expects user:password');
    return flags.digest ? { type: 'digest', username, password } : { type: 'basic', username, password, charset: 'utf-8' };
  }
  if (flags.digest || flags.basic) throw new KeyholeError('usage', `${flags.digest ? '--digest' : '--basic'} needs -u user:password`);
  return { type: 'none' };
}

function splitUser(user: string | undefined, message: string): [string, string] {
  if (user === undefined) throw new KeyholeError('usage', message);
  const i = user.indexOf(':');
  return i < 0 ? [user, ''] : [user.slice(0, i), user.slice(i + 1)];
}
