import { isCredentialName } from '../../../shared/credential-names';
import type { Auth, AuthType, Body, Collection, Environment, Item, KeyValue, Request, RequestSettings, Variable } from '../../../shared/model';
import { isReferenceOnly, literalSecretFields, profileSecretKey } from '../workspace';

/** One credential an import moved to the secret store. */
export interface MovedSecret {
  /** What held it, in words: `the Basic password of request "Users / Get user"`. */
  what: string;
  /** The `{{reference}}` that now stands where the value was, when the value was replaced. */
  reference?: string | undefined;
}

export function describeMove(m: MovedSecret): string {
  return m.reference ? `${m.what} → ${m.reference}` : m.what;
}

export interface Extracted {
  collection?: Collection | undefined;
  environments: Environment[];
  moved: MovedSecret[];
}

/** A key of the secret store: its scope (an environment's name, '' for collection variables) and key. */
export const storeSlot = (scope: string, key: string): string => `${scope}\u0000${key}`;

const COLLECTION = '';
const AUTH_NAMES: Record<AuthType, string> = {
  none: '', inherit: '', profile: '', basic: 'Basic', bearer: 'Bearer', apikey: 'API key', digest: 'Digest', oauth2: 'OAuth 2.0',
  jwt: 'JWT', awsv4: 'AWS Signature', oauth1: 'OAuth 1.0', clientcert: 'client certificate',
};
/** `clientSecret` → `client secret`. */
const words = (field: string): string => field.replace(/([A-Z])/g, ' $1').toLowerCase();
const isLiteral = (v: unknown): v is string => typeof v === 'string' && v !== '' && !isReferenceOnly(v);
/** `Bearer abc`: the scheme word stays in the request, the credential after it is the secret. */
const SCHEME = /^([A-Za-z][A-Za-z0-9_-]*)(\s+)(\S[\s\S]*)$/;
/** A JSON member with a string value (also inside bodies that hold {{references}} and so are not JSON). */
const JSON_MEMBER = /("((?:[^"\\]|\\.)*)"\s*:\s*)"((?:[^"\\]|\\.)*)"/g;
const USERINFO = /^([a-z][a-z0-9+.-]*:\/\/[^/?#@:]*:)([^/?#@]+)@/i;

/**
 * Takes every credential out of an imported collection and its environments, whatever the format
 * it came from, so that writing them puts no credential in a workspace file:
 * - literal secrets of request, folder and collection auth and settings (proxy password, TLS
 *   passphrase), and values of headers, query parameters, form fields and JSON members whose names
 *   say credential (isCredentialName), become `{{references}}` to new secret collection variables
 *   (one per distinct value), which saveCollection hands to the secret store;
 * - collection and environment variables whose names say credential become secret variables;
 * - secret variables and auth profile bindings are kept by the workspace's own rules and listed.
 * A value made only of {{references}} holds no secret and stays. The requests send the same bytes.
 *
 * The store is keyed by environment name and key only, so another collection's "Default"
 * environment or secret collection variable may already hold a value under a key this import
 * would write. `occupied` lists those slots (storeSlot); their values go under new names instead,
 * referred to from where they were, so that an import never replaces someone else's secret.
 */
export function extractSecrets(collection: Collection | undefined, environments: readonly Environment[], occupied: ReadonlySet<string> = new Set()): Extracted {
  const keys = new Set([...(collection?.variables ?? []), ...environments.flatMap((e) => e.variables)].map((v) => v.key));
  const x = new Extractor(keys, occupied);
  let out: Collection | undefined;
  if (collection) {
    const owner = `collection "${collection.name}"`;
    const variables = collection.variables.map((v) => x.variable(v, COLLECTION, 'the collection'));
    out = {
      ...collection,
      auth: x.auth(collection.auth, owner),
      settings: x.settings(collection.settings, owner),
      items: collection.items.map((i) => x.item(i, '')),
    };
    out.variables = [...variables, ...x.added(COLLECTION)];
  }
  const envs = environments.map((e) => x.environment(e));
  return { ...(out ? { collection: out } : {}), environments: envs, moved: x.moved };
}

class Extractor {
  readonly moved: MovedSecret[] = [];
  readonly #added = new Map<string, Variable[]>();
  readonly #byValue = new Map<string, string>();

  /** `keys`: every variable name in use, so that a new one shadows none, whatever its scope. */
  constructor(private readonly keys: Set<string>, private readonly occupied: ReadonlySet<string>) {}

  added(scope: string): Variable[] {
    return this.#added.get(scope) ?? [];
  }

  /**
   * A reference to a new secret variable of `scope` holding `value`; one variable per distinct
   * value and scope. `shown` is what the report says now stands in the value's place.
   */
  #ref(scope: string, value: string, hint: string, what: string, shown = (ref: string): string => ref): string {
    let key = this.#byValue.get(storeSlot(scope, value));
    if (key === undefined) {
      const base = hint.replace(/[{}\s]+/g, '_') || 'secret';
      key = base;
      for (let n = 2; this.keys.has(key) || this.occupied.has(storeSlot(scope, key)); n++) key = `${base}_${n}`;
      this.keys.add(key);
      this.#byValue.set(storeSlot(scope, value), key);
      this.#added.set(scope, [...this.added(scope), { key, value, secret: true, enabled: true, description: `Kept in the secret store since the import (was ${what})` }]);
    }
    const reference = `{{${key}}}`;
    this.moved.push({ what, reference: shown(reference) });
    return reference;
  }

  variable(v: Variable, scope: string, owner: string): Variable {
    const becomes = v.secret ? v.value !== '' : isCredentialName(v.key) && isLiteral(v.value);
    if (!becomes) return v;
    const what = `the ${v.secret ? 'secret ' : ''}variable "${v.key}" of ${owner}`;
    // The store holds another collection's value under this name: this one gets a name of its own.
    if (this.occupied.has(storeSlot(scope, v.key))) return { ...v, secret: false, value: this.#ref(scope, v.value, v.key, what) };
    this.moved.push({ what: v.secret ? what : `${what} (now a secret variable)` });
    return { ...v, secret: true };
  }

  environment(env: Environment): Environment {
    const owner = `environment "${env.name}"`;
    const variables = env.variables.map((v) => this.variable(v, env.name, owner));
    const profiles: Record<string, Auth> = {};
    for (const [slot, auth] of Object.entries(env.profiles)) {
      const out = { ...auth } as Record<string, unknown>;
      for (const f of literalSecretFields(auth)) {
        const what = `the ${AUTH_NAMES[auth.type]} ${words(f)} of auth profile "${slot}" in ${owner}`;
        if (this.occupied.has(storeSlot(env.name, profileSecretKey(slot, f)))) out[f] = this.#ref(env.name, out[f] as string, `${slot}_${f}`, what);
        else this.moved.push({ what });
      }
      profiles[slot] = out as Auth;
    }
    return { ...env, variables: [...variables, ...this.added(env.name)], profiles };
  }

  auth(auth: Auth, owner: string): Auth {
    const fields = literalSecretFields(auth);
    if (fields.length === 0) return auth;
    const out = { ...auth } as Record<string, unknown>;
    for (const f of fields) {
      const hint = auth.type === 'apikey' ? auth.key : `${auth.type}_${f}`;
      out[f] = this.#ref(COLLECTION, out[f] as string, hint, `the ${AUTH_NAMES[auth.type]} ${words(f)} of ${owner}`);
    }
    return out as Auth;
  }

  settings(s: RequestSettings, owner: string): RequestSettings {
    const out = { ...s };
    if (s.proxy && isLiteral(s.proxy.password)) out.proxy = { ...s.proxy, password: this.#ref(COLLECTION, s.proxy.password, 'proxy_password', `the proxy password of ${owner}`) };
    if (s.tls && isLiteral(s.tls.passphrase)) out.tls = { ...s.tls, passphrase: this.#ref(COLLECTION, s.tls.passphrase, 'tls_passphrase', `the TLS key passphrase of ${owner}`) };
    return out;
  }

  item(item: Item, parent: string): Item {
    const path = parent ? `${parent} / ${item.name}` : item.name;
    if (item.kind === 'folder') {
      const owner = `folder "${path}"`;
      return { ...item, auth: this.auth(item.auth, owner), settings: this.settings(item.settings, owner), items: item.items.map((i) => this.item(i, path)) };
    }
    return { kind: 'request', ...this.request(item, `request "${path}"`) };
  }

  request(r: Request, owner: string): Request {
    return {
      ...r,
      url: this.#url(r.url, owner),
      query: this.#rows(r.query, 'query parameter', owner),
      headers: this.#rows(r.headers, 'header', owner),
      body: this.#body(r.body, owner),
      auth: this.auth(r.auth, owner),
      settings: this.settings(r.settings, owner),
    };
  }

  #rows(rows: KeyValue[], kind: string, owner: string): KeyValue[] {
    return rows.map((row) => {
      if (!isCredentialName(row.key) || !isLiteral(row.value)) return row;
      const what = `the ${kind} "${row.key}" of ${owner}`;
      const scheme = /authorization$/i.test(row.key) ? SCHEME.exec(row.value) : null;
      if (scheme) {
        const [, word, space, credential] = scheme as unknown as [string, string, string, string];
        const around = (ref: string): string => `${word}${space}${ref}`;
        return isLiteral(credential) ? { ...row, value: around(this.#ref(COLLECTION, credential, row.key, what, around)) } : row;
      }
      return { ...row, value: this.#ref(COLLECTION, row.value, row.key, what) };
    });
  }

  #url(url: string, owner: string): string {
    const m = USERINFO.exec(url);
    if (!m || !isLiteral(m[2])) return url;
    return `${m[1]}${this.#ref(COLLECTION, m[2], 'url_password', `the password in the URL of ${owner}`)}@${url.slice(m[0].length)}`;
  }

  #body(body: Body, owner: string): Body {
    switch (body.mode) {
      case 'form-urlencoded':
        return { ...body, fields: this.#rows(body.fields, 'form field', owner) };
      case 'multipart':
        return {
          ...body,
          fields: body.fields.map((f) => (f.kind === 'text' && isCredentialName(f.name) && isLiteral(f.value)
            ? { ...f, value: this.#ref(COLLECTION, f.value, f.name, `the form field "${f.name}" of ${owner}`) } : f)),
        };
      case 'json':
        return { ...body, text: this.#json(body.text, `the body of ${owner}`) };
      case 'text':
        return /^\s*[[{]/.test(body.text) ? { ...body, text: this.#json(body.text, `the body of ${owner}`) } : body;
      case 'graphql':
        return { ...body, variables: this.#json(body.variables, `the GraphQL variables of ${owner}`) };
      default:
        return body;
    }
  }

  /**
   * Replaces credential members in the text itself (not parse and print), so the body keeps its
   * layout and bodies that are not JSON until their {{references}} are filled in are covered too.
   * The variable holds the member's text as written (escapes included), so the wire bytes are the same.
   */
  #json(text: string, where: string): string {
    if (!text.includes('"')) return text;
    return text.replace(JSON_MEMBER, (whole, head: string, rawKey: string, rawValue: string) => {
      const key = decodeJson(rawKey);
      if (key === undefined || !isCredentialName(key) || !isLiteral(rawValue)) return whole;
      return `${head}"${this.#ref(COLLECTION, rawValue, key, `the JSON member "${key}" in ${where}`)}"`;
    });
  }
}

function decodeJson(raw: string): string | undefined {
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return undefined;
  }
}
