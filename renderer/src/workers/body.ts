/// <reference lib="webworker" />
import { JSONPath } from 'jsonpath-plus';
import type { BodyReply, BodyRequest, TreeNode } from '../features/response/body-protocol';

// The whole response body lives here, off the main thread: decoding, pretty-printing, the line
// index, search, JSONPath and the JSON tree. The page asks for the lines it shows and nothing
// more, so a 50 MB body never freezes the window (no task of the page grows with the body).

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

/** A plain loop: Uint8Array.from(text, callback) costs a call per byte, about a second for 4 MB. */
function bytesOf(base64: string): Uint8Array {
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

function answer(msg: BodyRequest): BodyReply {
  switch (msg.type) {
    case 'chunk': {
      parts.push(decoder.decode(bytesOf(msg.base64), { stream: true }));
      // The first window is shown while the rest still travels: the first screen does not wait for 50 MB.
      if (parts.length === 1) self.postMessage({ type: 'raw', req: msg.req, lines: setView('raw', parts[0] ?? '') } satisfies BodyReply);
      return { type: 'ack', req: msg.req };
    }
    case 'end': {
      parts.push(decoder.decode());
      const text = parts.join('');
      parts = [];
      decoder = new TextDecoder('utf-8', { fatal: false });
      views.clear();
      parsed = undefined;
      hasJson = false;
      const lines = setView('raw', text);
      // The raw view answers now; pretty-printing follows in a second reply.
      self.postMessage({ type: 'raw', req: msg.req, lines } satisfies BodyReply);
      if (!msg.json) return { type: 'pretty', req: msg.req };
      try {
        parsed = JSON.parse(text);
        hasJson = true;
        return { type: 'pretty', req: msg.req, lines: setView('pretty', JSON.stringify(parsed, null, 2)), root: kindOf(parsed) };
      } catch (e) {
        return { type: 'pretty', req: msg.req, error: (e as Error).message };
      }
    }
    case 'lines': {
      const v = views.get(msg.view);
      if (!v) return { type: 'lines', req: msg.req, from: msg.from, lines: [] };
      const out: string[] = [];
      for (let i = msg.from; i < Math.min(v.starts.length, msg.from + msg.count); i++) out.push(lineText(v, i));
      return { type: 'lines', req: msg.req, from: msg.from, lines: out };
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
    case 'children': {
      const x = at(msg.path);
      const entries: [string | number, unknown][] = Array.isArray(x) ? x.slice(msg.offset, msg.offset + CHILDREN_PAGE).map((v, i) => [msg.offset + i, v])
        : x !== null && typeof x === 'object' ? Object.entries(x).slice(msg.offset, msg.offset + CHILDREN_PAGE) : [];
      const size = Array.isArray(x) ? x.length : x !== null && typeof x === 'object' ? Object.keys(x).length : 0;
      return {
        type: 'children', req: msg.req, size,
        children: entries.map(([key, v]) => ({ key, kind: kindOf(v), preview: preview(v) })),
      };
    }
  }
}

self.onmessage = (e: MessageEvent<BodyRequest>) => {
  self.postMessage(answer(e.data));
};
