import type { Exchange } from '../../../../shared/model';
import { api } from '../../lib/api';
import BodyWorker from '../../workers/body?worker';
import type { BodyReply, BodyRequest } from './body-protocol';

type Ask = BodyRequest extends infer R ? (R extends { req: number } ? Omit<R, 'req'> : never) : never;
type ReplyTo<T extends BodyReply['type']> = Extract<BodyReply, { type: T }>;

/**
 * Windows of 2 MB, not the 8 MB the channel allows: the page parses each answer (base64 in JSON)
 * on its main thread, and a smaller window keeps each of those tasks short.
 */
const WINDOW = 2 * 1024 * 1024;

/**
 * One response body held by its own worker (ended with the view, so 50 MB are freed with it). The
 * page only shuttles base64 windows to it and asks for the lines, hits and tree nodes it shows.
 */
export class BodyDoc {
  private readonly worker = new BodyWorker();
  private seq = 0;
  private readonly waiting = new Map<number, (r: BodyReply) => void>();
  private onRaw: ((lines: number) => void) | undefined;

  constructor() {
    this.worker.onmessage = (m: MessageEvent<BodyReply>) => {
      if (m.data.type === 'raw') { this.onRaw?.(m.data.lines); return; }
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

  /**
   * Streams the body into the worker window by window; `raw` fires as soon as the raw view can be
   * shown, the promise resolves when the pretty view (JSON) is ready too.
   */
  async load(e: Exchange, json: boolean, raw: (lines: number) => void): Promise<ReplyTo<'pretty'>> {
    this.onRaw = raw;
    const body = e.response.body;
    if (body.storage === 'inline') await this.ask({ type: 'chunk', base64: body.base64 }, 'ack');
    else {
      for (let offset = 0; ;) {
        const c = await api['exchange.body']({ id: e.id, offset, length: WINDOW });
        const got = Math.floor((c.base64.length * 3) / 4) - (c.base64.endsWith('==') ? 2 : c.base64.endsWith('=') ? 1 : 0);
        if (got > 0) await this.ask({ type: 'chunk', base64: c.base64 }, 'ack');
        offset += got;
        if (got === 0 || offset >= c.size) break;
      }
    }
    return this.ask({ type: 'end', json }, 'pretty');
  }

  close(): void {
    this.worker.terminate();
    this.waiting.clear();
  }
}
