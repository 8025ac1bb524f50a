import { toKeyholeError } from '../../../shared/errors';
import type { HeaderList } from '../../../shared/model';
import { dynamicValue } from '../../../shared/variables';
import type { PreparedRequest } from '../http/types';
import type { HostBridge } from './execution';
import { exchangeMeta, exchangeText } from './response-view';
import type { ScriptJar, ScriptSend, VariableStore, VariableStores } from './types';
import { dynamicSources } from '../variables/postman-random';

export interface HostCallsInput {
  variables: VariableStores;
  iterationData: Record<string, unknown>;
  sendRequest?: ScriptSend | undefined;
  /** The response body for pm.response.text(); read on first use only. */
  responseText?: (() => string) | undefined;
  now: () => Date;
  cookieJar?: ScriptJar | undefined;
}

/**
 * The host thread's answers to one execution: the variable stores with Postman's precedence, the
 * response body, dynamic variables on the engine's clock, and pm.sendRequest through the
 * session's transport. The script worker reaches it by message (worker-host.ts).
 */
export class HostSide implements HostBridge {
  readonly send: ((specJson: string) => Promise<string>) | undefined;

  constructor(private readonly input: HostCallsInput) {
    const sendRequest = input.sendRequest;
    this.send = sendRequest
      ? async (specJson: string): Promise<string> => {
        try {
          const exchange = await sendRequest(toPrepared(JSON.parse(specJson) as SendSpec));
          return JSON.stringify(Object.assign(exchangeMeta(exchange), { text: exchangeText(exchange) }));
        } catch (e) {
          throw new Error(toKeyholeError(e).message, { cause: e });
        }
      }
      : undefined;
  }

  private store(scope: string): VariableStore | undefined {
    const v = this.input.variables;
    switch (scope) {
      case 'globals': return v.globals;
      case 'collection': return v.collection;
      case 'environment': return v.environment;
      case 'variables':
      case 'local': return v.runtime;
      default: return undefined;
    }
  }

  /**
   * A value as the sandbox reads it, its type kept: 's' and the text, 'j' and JSON for a typed
   * value, 'u' for undefined set on purpose (prelude/pm.ts decodes it).
   */
  vget(scope: string, key: string): string | undefined {
    const store = scope === 'variables' ? undefined : this.store(scope);
    if (store) return store.has(key) ? encodeValue(store.value(key)) : undefined;
    if (scope !== 'variables') return undefined;
    const v = this.input.variables;
    if (v.runtime.has(key)) return encodeValue(v.runtime.value(key));
    if (Object.hasOwn(this.input.iterationData, key)) return encodeValue(this.input.iterationData[key]);
    for (const s of [v.environment, v.collection, v.globals]) if (s.has(key)) return encodeValue(s.value(key));
    return undefined;
  }

  vset(scope: string, key: string, value: string): void { this.store(scope)?.set(key, decodeValue(value)); }
  vunset(scope: string, key: string): void { this.store(scope)?.unset(key); }
  vhas(scope: string, key: string): boolean { return this.vget(scope, key) !== undefined; }
  vclear(scope: string): void { if (scope !== 'variables') this.store(scope)?.clear(); }

  vall(scope: string): string {
    if (scope !== 'variables') return JSON.stringify(this.store(scope)?.toObject() ?? {});
    const v = this.input.variables;
    return JSON.stringify({ ...v.globals.toObject(), ...v.collection.toObject(), ...v.environment.toObject(), ...this.input.iterationData, ...v.runtime.toObject() });
  }

  text(): string {
    if (!this.input.responseText) throw new Error('there is no response in a pre-request script');
    return this.input.responseText();
  }

  dyn(name: string): string | undefined { return dynamicValue(name, dynamicSources(this.input.now)); }

  /** pm.cookies.jar(): get, getAll, set, unset and clear on the run's jar; the answer encoded as vget's. */
  jar(op: string, url: string, name: string, value: string): string | undefined {
    const jar = this.input.cookieJar;
    if (!jar) throw new Error('pm.cookies.jar() has no cookie jar here');
    switch (op) {
      case 'get': return encodeValue(jar.list(url).find((c) => c.name === name)?.value);
      case 'getAll': return encodeValue(jar.list(url));
      case 'set': jar.set(url, name, value); return encodeValue(undefined);
      case 'unset': jar.unset(url, name); return encodeValue(undefined);
      case 'clear': jar.clear(url); return encodeValue(undefined);
      default: throw new Error(`unknown cookie jar operation ${op}`);
    }
  }
}

function encodeValue(v: unknown): string {
  if (typeof v === 'string') return `s${v}`;
  if (v === undefined) return 'u';
  try {
    return `j${JSON.stringify(v) ?? 'null'}`;
  } catch {
    return `s${String(v)}`;
  }
}

function decodeValue(encoded: string): unknown {
  const tag = encoded.charAt(0);
  if (tag === 'u') return undefined;
  if (tag === 'j') {
    try {
      return JSON.parse(encoded.slice(1)) as unknown;
    } catch {
      return encoded.slice(1);
    }
  }
  return tag === 's' ? encoded.slice(1) : encoded;
}

interface SendSpec {
  method: string;
  url: string;
  headers: HeaderList;
  body: { text: string; language?: string } | { form: [string, string][] } | null;
}

/** pm.sendRequest's request as the engine's transport takes it; nothing is resolved or added. */
function toPrepared(spec: SendSpec): PreparedRequest {
  const headers = [...spec.headers];
  const has = (n: string): boolean => headers.some(([k]) => k.toLowerCase() === n);
  let data: Uint8Array | undefined;
  if (spec.body && 'text' in spec.body) {
    data = new TextEncoder().encode(spec.body.text);
    if (spec.body.language === 'json' && !has('content-type')) headers.push(['Content-Type', 'application/json']);
  } else if (spec.body && 'form' in spec.body) {
    data = new TextEncoder().encode(new URLSearchParams(spec.body.form).toString());
    if (!has('content-type')) headers.push(['Content-Type', 'application/x-www-form-urlencoded']);
  }
  return {
    method: spec.method, url: spec.url, headers,
    body: data ? { kind: 'bytes', data } : { kind: 'none' },
    credentialHeaders: ['authorization', 'proxy-authorization', 'cookie'], credentialQuery: [],
  };
}
