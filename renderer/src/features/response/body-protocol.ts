/** Lines travel in blocks of this many: what the raw view asks at a time, and the head of a 'raw' reply. */
export const BLOCK = 200;

/** Messages between the page and the body worker (workers/body.ts); `req` pairs a reply with its request. */
export type BodyRequest =
  /** A piece of the body, as bytes (transferred, not copied) or as the inline base64 a SendResult carries. */
  | { type: 'chunk'; req: number; bytes?: Uint8Array; base64?: string }
  | { type: 'end'; req: number; json: boolean }
  | { type: 'lines'; req: number; view: string; from: number; count: number }
  | { type: 'search'; req: number; view: string; query: string }
  | { type: 'filter'; req: number; expr: string }
  | { type: 'set-view'; req: number; view: string; text: string; matches: number }
  | { type: 'children'; req: number; path: (string | number)[]; offset: number };

export interface TreeNode { key: string | number; kind: 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null'; preview: string }

export type BodyReply =
  /** The raw view has `lines` lines; `head` is its first block, so the first screen needs no further question. */
  | { type: 'raw'; req: number; lines: number; head: string[] }
  | { type: 'pretty'; req: number; lines?: number; root?: TreeNode['kind']; error?: string }
  | { type: 'lines'; req: number; from: number; lines: string[] }
  | { type: 'search'; req: number; hits: [number, number][]; total: number }
  | { type: 'filter'; req: number; lines?: number; matches?: number; error?: string }
  | { type: 'children'; req: number; size: number; children: TreeNode[] };
