/// <reference lib="webworker" />
import { JSONPath } from 'jsonpath-plus';
import { BLOCK, type BodyReply, type BodyRequest, type TreeNode } from '../features/response/body-protocol';

// The whole response body lives here, off the main thread: decoding, pretty-printing, the line
// index, search, JSONPath and the JSON tree. The page asks for the lines it shows and nothing
// more, so a 50 MB body never freezes the window (no task of the page grows with the body).
// The page's questions (lines, tree nodes) are answered at once, between the steps of the long
// work (decoding, parsing, formatting, searching), which runs in order one step per task: the
// first screen is answered while the rest of the body is still arriving and being formatted,
// and a search or filter still waits for the whole body.

/** The slice of an inline body decoded per step (base64 characters, a multiple of 4). */
const BASE64_SLICE = 1024 * 1024;

/** Longer lines are cut into segments of this many characters, so a minified body still scrolls. */
const SEGMENT = 2000;
const MAX_HITS = 10_000;
const CHILDREN_PAGE = 200;

interface View { text: string; starts: Uint32Array; lower?: string }
const views = new Map<string, View>();
let decoder = new TextDecoder('utf-8', { fatal: false });
let parts: string[] = [];
let parsed: unknown;
let hasJson = false;

const fromBase64 = (Uint8Array as unknown as { fromBase64?: (s: string) => Uint8Array }).fromBase64;
const keyCache = new WeakMap<object, string[]>();

/** A plain loop where Uint8Array.fromBase64 is missing: Uint8Array.from(text, callback) costs a call per byte. */
function bytesOf(base64: string): Uint8Array {
  if (fromBase64) return fromBase64(base64);
  const bin = atob(base64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function index(text: string): Uint32Array {
  let starts = new Uint32Array(Math.max(16, Math.ceil(text.length / 40)));
  let n = 0;
  const push = (v: number): void => {
    if (n === starts.length) { const next = new Uint32Array(starts.length * 2); next.set(starts); starts = next; }
    starts[n++] = v;
  };
  push(0);
  let last = 0;
  for (let i = text.indexOf('\n'); ; i = text.indexOf('\n', i + 1)) {
    const end = i === -1 ? text.length : i;
    for (let s = last + SEGMENT; s < end; s += SEGMENT) push(s);
    if (i === -1) break;
    last = i + 1;
    push(last);
  }
  return starts.slice(0, n);
}

function setView(name: string, text: string): number {
  const v: View = { text, starts: index(text) };
  views.set(name, v);
  return v.starts.length;
}

function lineText(v: View, i: number): string {
  const start = v.starts[i] ?? v.text.length;
  let end = i + 1 < v.starts.length ? (v.starts[i + 1] as number) : v.text.length;
  if (end > start && v.text.charCodeAt(end - 1) === 10) end -= 1;
  return v.text.slice(start, end);
}

function lineOf(v: View, offset: number): number {
  let lo = 0;
  let hi = v.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((v.starts[mid] as number) <= offset) lo = mid; else hi = mid - 1;
  }
  return lo;
}

function kindOf(x: unknown): TreeNode['kind'] {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'array';
  return typeof x as TreeNode['kind'];
}

function preview(x: unknown): string {
  if (Array.isArray(x)) return `[${x.length}]`;
  if (x !== null && typeof x === 'object') return `{${Object.keys(x).length}}`;
  const s = JSON.stringify(x) ?? String(x);
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
}

function at(path: readonly (string | number)[]): unknown {
  let x: unknown = parsed;
  for (const p of path) x = (x as Record<string | number, unknown>)[p];
  return x;
}

function keysOf(x: object): string[] {
  let keys = keyCache.get(x);
  if (!keys) { keys = Object.keys(x); keyCache.set(x, keys); }
  return keys;
}

/** Indexes `text` as the raw view and says so, with its first block of lines. */
function postRaw(req: number, text: string): void {
  const lines = setView('raw', text);
  const v = views.get('raw') as View;
  const head: string[] = [];
  for (let i = 0; i < Math.min(lines, BLOCK); i++) head.push(lineText(v, i));
  self.postMessage({ type: 'raw', req, lines, head } satisfies BodyReply);
}

function append(text: string, req: number): void {
  parts.push(text);
  // The first piece is shown while the rest still travels: the first screen does not wait for 50 MB.
  if (parts.length === 1 && text !== '') postRaw(req, text);
}

type Quick = Extract<BodyRequest, { type: 'lines' | 'children' }>;
type Slow = Exclude<BodyRequest, Quick>;

/** The long work, one step per yield; what it returns is the reply (none for a chunk). */
function* slow(msg: Slow): Generator<void, BodyReply | undefined> {
  switch (msg.type) {
    case 'chunk': {
      if (msg.bytes) { append(decoder.decode(msg.bytes, { stream: true }), msg.req); return undefined; }
      const b64 = msg.base64 ?? '';
      for (let i = 0; i < b64.length; i += BASE64_SLICE) {
        append(decoder.decode(bytesOf(b64.slice(i, i + BASE64_SLICE)), { stream: true }), msg.req);
        yield;
      }
      return undefined;
    }
    case 'end': {
      parts.push(decoder.decode());
      const text = parts.join('');
      parts = [];
      decoder = new TextDecoder('utf-8', { fatal: false });
      views.clear();
      parsed = undefined;
      hasJson = false;
      // The raw view answers now; pretty-printing follows in a second reply.
      postRaw(msg.req, text);
      if (!msg.json) return { type: 'pretty', req: msg.req };
      yield;
      try {
        parsed = JSON.parse(text);
      } catch (e) {
        return { type: 'pretty', req: msg.req, error: (e as Error).message };
      }
      yield;
      const pretty = JSON.stringify(parsed, null, 2);
      yield;
      hasJson = true;
      return { type: 'pretty', req: msg.req, lines: setView('pretty', pretty), root: kindOf(parsed) };
    }
    case 'search': {
      const v = views.get(msg.view);
      const q = msg.query.toLowerCase();
      if (!v || q === '') return { type: 'search', req: msg.req, hits: [], total: 0 };
      v.lower ??= v.text.toLowerCase();
      const hits: [number, number][] = [];
      let total = 0;
      for (let i = v.lower.indexOf(q); i !== -1; i = v.lower.indexOf(q, i + q.length)) {
        total++;
        if (hits.length < MAX_HITS) { const line = lineOf(v, i); hits.push([line, i - (v.starts[line] as number)]); }
      }
      return { type: 'search', req: msg.req, hits, total };
    }
    case 'filter': {
      if (!hasJson) return { type: 'filter', req: msg.req, error: 'The body is not valid JSON, so JSONPath cannot apply.' };
      try {
        // 'safe': filter expressions ([?(@.id > 1)]) run in jsonpath-plus's own evaluator, never as JavaScript.
        const result: unknown = JSONPath({ path: msg.expr, json: parsed as object, wrap: true, eval: 'safe' });
        const n = Array.isArray(result) ? result.length : 0;
        return { type: 'filter', req: msg.req, lines: setView('filtered', JSON.stringify(result, null, 2) ?? ''), matches: n };
      } catch (e) {
        return { type: 'filter', req: msg.req, error: (e as Error).message };
      }
    }
    case 'set-view':
      return { type: 'filter', req: msg.req, lines: setView(msg.view, msg.text), matches: msg.matches };
  }
}

function quick(msg: Quick): BodyReply {
  if (msg.type === 'lines') {
    const v = views.get(msg.view);
    if (!v) return { type: 'lines', req: msg.req, from: msg.from, lines: [] };
    const out: string[] = [];
    for (let i = msg.from; i < Math.min(v.starts.length, msg.from + msg.count); i++) out.push(lineText(v, i));
    return { type: 'lines', req: msg.req, from: msg.from, lines: out };
  }
  const x = hasJson ? at(msg.path) : undefined;
  // Keys are listed once per object: a 100,000-key object pages through its cached keys.
  const keys = x !== null && typeof x === 'object' && !Array.isArray(x) ? keysOf(x) : undefined;
  const size = Array.isArray(x) ? x.length : keys ? keys.length : 0;
  const children: TreeNode[] = [];
  for (let i = msg.offset; i < Math.min(size, msg.offset + CHILDREN_PAGE); i++) {
    const key = keys ? (keys[i] as string) : i;
    const v = (x as Record<string | number, unknown>)[key];
    children.push({ key, kind: kindOf(v), preview: preview(v) });
  }
  return { type: 'children', req: msg.req, size, children };
}

const queue: Slow[] = [];
let running: { msg: Slow; steps: Generator<void, BodyReply | undefined> } | undefined;
const tick = new MessageChannel();

/** One step of the long work per task, so that a question waiting in the worker's queue gets in between. */
tick.port1.onmessage = () => {
  if (!running) {
    const msg = queue.shift();
    if (!msg) return;
    running = { msg, steps: slow(msg) };
  }
  const r = running.steps.next();
  if (r.done) {
    running = undefined;
    if (r.value) self.postMessage(r.value);
  }
  if (running || queue.length > 0) tick.port2.postMessage(null);
};

self.onmessage = (e: MessageEvent<BodyRequest>) => {
  const msg = e.data;
  if (msg.type === 'lines' || msg.type === 'children') { self.postMessage(quick(msg)); return; }
  queue.push(msg);
  if (queue.length === 1 && !running) tick.port2.postMessage(null);
};
