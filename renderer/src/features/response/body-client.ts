import type { ShownExchange } from '../../../../shared/ipc';
import { api } from '../../lib/api';
import BodyWorker from '../../workers/body?worker';
import type { BodyReply, BodyRequest } from './body-protocol';

type Ask = BodyRequest extends infer R ? (R extends { req: number } ? Omit<R, 'req'> : never) : never;
type ReplyTo<T extends BodyReply['type']> = Extract<BodyReply, { type: T }>;

/**
 * The first window is small, so that the first screen waits for 256 KB, not for the whole body;
 * the rest comes in the largest windows the channel allows. Windows travel as bytes and move into
 * the worker (transferred, not copied): the page never parses, decodes or copies the body.
 */
const FIRST_WINDOW = 256 * 1024;
const WINDOW = 8 * 1024 * 1024;

/**
 * A worker started ahead of need: the next response's body view takes it, so the worker's start
 * (loading and compiling its script, JSONPath included) is not on the way to the first screen.
 */
let spare: Worker | undefined;

/** Starts the spare worker if there is none (the app calls it once it is idle after start). */
export function prepareBodyWorker(): void {
  spare ??= new BodyWorker();
}

function takeWorker(): Worker {
  const w = spare ?? new BodyWorker();
  spare = undefined;
  if ('requestIdleCallback' in window) requestIdleCallback(prepareBodyWorker, { timeout: 2000 }); else setTimeout(prepareBodyWorker, 200);
  return w;
}

/**
 * One response body held by its own worker (ended with the view, so 50 MB are freed with it). The
 * page only hands windows of bytes to it and asks for the lines, hits and tree nodes it shows.
 */
export class BodyDoc {
  private readonly worker = takeWorker();
  private seq = 0;
  private readonly waiting = new Map<number, (r: BodyReply) => void>();
  private onRaw: ((lines: number, head: string[]) => void) | undefined;
  private closed = false;

  constructor() {
    this.worker.onmessage = (m: MessageEvent<BodyReply>) => {
      if (m.data.type === 'raw') { this.onRaw?.(m.data.lines, m.data.head); return; }
      this.waiting.get(m.data.req)?.(m.data);
      this.waiting.delete(m.data.req);
    };
  }

  ask<T extends BodyReply['type']>(msg: Ask, _reply: T): Promise<ReplyTo<T>> {
    const req = ++this.seq;
    return new Promise((resolve) => {
      this.waiting.set(req, resolve as (r: BodyReply) => void);
      this.worker.postMessage({ ...msg, req });
    });
  }

  private post(msg: Ask, transfer: Transferable[] = []): void {
    this.worker.postMessage({ ...msg, req: ++this.seq }, transfer);
  }

  /**
   * Streams the body into the worker window by window, each fetched while the worker decodes the
   * last; `raw` fires as soon as the raw view can be shown, the promise resolves when the pretty
   * view (JSON) is ready too.
   */
  async load(e: ShownExchange, json: boolean, raw: (lines: number, head: string[]) => void): Promise<ReplyTo<'pretty'>> {
    this.onRaw = raw;
    const body = e.response.body;
    if (body.storage === 'inline') this.post({ type: 'chunk', base64: body.base64 });
    else {
      for (let offset = 0, length = FIRST_WINDOW; !this.closed; length = WINDOW) {
        const c = await api['exchange.bodyBytes']({ id: e.id, offset, length });
        // Read before the transfer, which empties c.bytes on this side.
        const got = c.bytes.length;
        if (got > 0) this.post({ type: 'chunk', bytes: c.bytes }, [c.bytes.buffer]);
        offset += got;
        if (got === 0 || offset >= c.size) break;
      }
    }
    return this.ask({ type: 'end', json }, 'pretty');
  }

  close(): void {
    this.closed = true;
    this.worker.terminate();
    this.waiting.clear();
  }
}
