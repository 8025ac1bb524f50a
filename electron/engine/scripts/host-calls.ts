import { randomUUID } from 'node:crypto';
import { toKeyholeError } from '../../../shared/errors';
import type { HeaderList } from '../../../shared/model';
import { dynamicValue } from '../../../shared/variables';
import type { PreparedRequest } from '../http/types';
import type { HostBridge } from './execution';
import { exchangeMeta, exchangeText } from './response-view';
import type { ScriptSend, VariableStore, VariableStores } from './types';

export interface HostCallsInput {
  variables: VariableStores;
  iterationData: Record<string, unknown>;
  sendRequest?: ScriptSend | undefined;
  /** The response body for pm.response.text(); read on first use only. */
  responseText?: (() => string) | undefined;
  now: () => Date;
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

  /** pm.variables reads through Postman's precedence: local, iteration data, environment, collection, globals. */
  vget(scope: string, key: string): string | undefined {
    if (scope !== 'variables') return this.store(scope)?.get(key);
    const v = this.input.variables;
    const local = v.runtime.get(key);
    if (local !== undefined) return local;
    const data = this.input.iterationData[key];
    if (data !== undefined) return typeof data === 'string' ? data : JSON.stringify(data);
    return v.environment.get(key) ?? v.collection.get(key) ?? v.globals.get(key);
  }

  vset(scope: string, key: string, value: string): void { this.store(scope)?.set(key, value); }
  vunset(scope: string, key: string): void { this.store(scope)?.unset(key); }
  vhas(scope: string, key: string): boolean { return this.vget(scope, key) !== undefined; }
  vclear(scope: string): void { if (scope !== 'variables') this.store(scope)?.clear(); }

  vall(scope: string): string {
    if (scope !== 'variables') return JSON.stringify(this.store(scope)?.toObject() ?? {});
    const v = this.input.variables;
    const data: Record<string, string> = {};
    for (const [k, d] of Object.entries(this.input.iterationData)) data[k] = typeof d === 'string' ? d : JSON.stringify(d);
    return JSON.stringify({ ...v.globals.toObject(), ...v.collection.toObject(), ...v.environment.toObject(), ...data, ...v.runtime.toObject() });
  }

  text(): string {
    if (!this.input.responseText) throw new Error('there is no response in a pre-request script');
    return this.input.responseText();
  }

  dyn(name: string): string | undefined { return dynamicValue(name, { now: this.input.now, random: Math.random, uuid: randomUUID }); }
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
