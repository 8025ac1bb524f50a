/**
 * The `pm` API as a declaration file, for Monaco's JavaScript language service (addExtraLib), so
 * script editors complete and document what the sandbox (electron/engine/scripts) provides. Kept
 * to what the sandbox implements: a name here that the sandbox lacks would be a promise broken at
 * run time.
 */
export const PM_TYPES = `
interface KeyholeVariableScope {
  /** The value, or undefined when the variable is not set in this scope. */
  get(name: string): any;
  set(name: string, value: unknown): void;
  unset(name: string): void;
  has(name: string): boolean;
  clear(): void;
  toObject(): Record<string, any>;
  /** Replaces {{name}} placeholders with values from every scope. */
  replaceIn(template: string): string;
}
interface KeyholeHeaderList {
  get(name: string): string | undefined;
  has(name: string): boolean;
  add(header: { key: string; value: string } | string, value?: string): void;
  upsert(header: { key: string; value: string } | string, value?: string): void;
  remove(name: string | ((h: { key: string; value: string }) => boolean)): void;
  all(): { key: string; value: string }[];
  count(): number;
  toObject(): Record<string, string>;
  each(fn: (h: { key: string; value: string }) => void): void;
}
interface KeyholeRequest {
  method: string;
  url: { toString(): string; getRaw(): string; getHost(): string; getPath(): string; getPathWithQuery(): string; getQueryString(): string; update(raw: string): void; query: KeyholeHeaderList };
  headers: KeyholeHeaderList;
  body?: { mode: string; raw?: string; [key: string]: unknown };
  /** Pre-request scripts only: adds or replaces a header. */
  addHeader?(header: { key: string; value: string } | string, value?: string): void;
  removeHeader?(name: string): void;
}
interface KeyholeAssertion {
  status(code: number | string): void;
  header(name: string, value?: string): void;
  jsonBody(path?: string, value?: unknown): void;
  body(text?: string): void;
}
interface KeyholeStreamMessage {
  direction: 'in' | 'out' | 'info';
  type: 'text' | 'binary' | 'ping' | 'pong' | 'open' | 'close' | 'error' | 'event' | 'line';
  /** Text as received; base64 for binary frames. */
  data: string;
  size: number;
  /** ISO time it arrived; t is milliseconds since the stream opened. */
  at: string;
  t: number;
  /** Server-Sent Events fields. */
  id?: string;
  event?: string;
  retry?: number;
  code?: number;
  reason?: string;
  json(): any;
}
interface KeyholeResponse {
  /** The status code, e.g. 200. */
  code: number;
  /** The reason phrase, e.g. "OK". */
  status: string;
  headers: KeyholeHeaderList;
  /** Milliseconds from sending to the last byte. */
  responseTime: number;
  responseSize: number;
  text(): string;
  json(): any;
  /** WebSocket requests and event streams: the messages received (text and binary frames, SSE events, NDJSON lines). */
  messages: KeyholeStreamMessage[];
  /** WebSocket requests and event streams: the subprotocol, the close, the frames sent, the whole log. */
  stream: { kind: 'websocket' | 'sse' | 'ndjson'; protocol?: string; close?: { code: number; reason: string; by: 'server' | 'client' | 'network' }; ended?: string; omitted: number; sent: KeyholeStreamMessage[]; all: KeyholeStreamMessage[] };
  to: {
    have: KeyholeAssertion;
    be: { ok: void; success: void; error: void; clientError: void; serverError: void; notFound: void; unauthorized: void; forbidden: void; json: void };
    not: { have: KeyholeAssertion; be: KeyholeResponse['to']['be'] };
  };
}
interface KeyholeCookies {
  get(name: string): string | undefined;
  has(name: string): boolean;
  toObject(): Record<string, string>;
}
declare const pm: {
  /** Registers a named check; a throw or failed expectation inside fails it. */
  test(name: string, fn: () => void | Promise<void>): void;
  /** Chai's BDD assertions: pm.expect(x).to.equal(y), .to.have.property(...), .to.be.an('array')... */
  expect(value: unknown, message?: string): Chai.Assertion;
  environment: KeyholeVariableScope & { name: string };
  collectionVariables: KeyholeVariableScope;
  globals: KeyholeVariableScope;
  /** Every scope, most specific first (runtime, data, environment, collection, globals). */
  variables: KeyholeVariableScope;
  /** The request being sent (writable in pre-request scripts). */
  request: KeyholeRequest;
  /** The response (test scripts only). */
  response: KeyholeResponse;
  cookies: KeyholeCookies;
  /** The current data-file row in a run. */
  iterationData: KeyholeVariableScope;
  info: { eventName: 'prerequest' | 'test'; iteration: number; iterationCount: number; requestName: string; requestId: string };
  execution: {
    /** Runs the named request next (the runner), or ends the iteration with null. */
    setNextRequest(name: string | null): void;
    /** Pre-request scripts: the request is not sent. */
    skipRequest(): void;
  };
  /** Sends another request through the engine (no auth applied). */
  sendRequest(request: string | { url: string; method?: string; header?: Record<string, string> | { key: string; value: string }[]; body?: unknown },
    callback?: (error: Error | null, response: KeyholeResponse) => void): Promise<KeyholeResponse>;
};
declare namespace Chai {
  interface Assertion {
    to: Assertion; be: Assertion; been: Assertion; is: Assertion; that: Assertion; which: Assertion; and: Assertion;
    has: Assertion; have: Assertion; with: Assertion; at: Assertion; of: Assertion; same: Assertion; not: Assertion;
    deep: Assertion; nested: Assertion; own: Assertion; ordered: Assertion; any: Assertion; all: Assertion;
    ok: Assertion; true: Assertion; false: Assertion; null: Assertion; undefined: Assertion; NaN: Assertion; exist: Assertion; empty: Assertion;
    a(type: string, message?: string): Assertion; an(type: string, message?: string): Assertion;
    include(value: unknown, message?: string): Assertion; includes(value: unknown, message?: string): Assertion;
    contain(value: unknown, message?: string): Assertion; contains(value: unknown, message?: string): Assertion;
    equal(value: unknown, message?: string): Assertion; equals(value: unknown, message?: string): Assertion; eql(value: unknown, message?: string): Assertion;
    above(n: number, message?: string): Assertion; below(n: number, message?: string): Assertion; least(n: number): Assertion; most(n: number): Assertion;
    within(start: number, finish: number): Assertion; oneOf(list: readonly unknown[]): Assertion;
    property(name: string, value?: unknown): Assertion; lengthOf(n: number): Assertion; length(n: number): Assertion;
    match(re: RegExp): Assertion; string(s: string): Assertion; keys(...keys: string[]): Assertion; members(list: readonly unknown[]): Assertion;
    instanceOf(ctor: unknown): Assertion; throw(err?: unknown): Assertion; satisfy(fn: (v: any) => boolean): Assertion;
  }
}
/** Legacy Postman globals. */
declare const postman: { setNextRequest(name: string | null): void; getEnvironmentVariable(name: string): string | undefined; setEnvironmentVariable(name: string, value: string): void };
declare const tests: Record<string, boolean>;
declare const responseBody: string;
declare const responseCode: { code: number; name: string };
declare const responseTime: number;
/** Bundled modules: lodash, moment, crypto-js, uuid, chai, atob, btoa. */
declare function require(name: 'lodash' | 'moment' | 'crypto-js' | 'uuid' | 'chai' | 'atob' | 'btoa' | string): any;
`;
