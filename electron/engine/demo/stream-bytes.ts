import type { ServerResponse } from 'node:http';

/**
 * Sends `bytes` bytes of `fill` honouring back-pressure, so a 200 MB demo body never sits in the
 * server's memory. The caller has written the head.
 */
export function streamBytes(res: ServerResponse, bytes: number, fill = 0x61): void {
  const chunk = Buffer.alloc(64 * 1024, fill);
  let left = bytes;
  const pump = (): void => {
    while (left > 0) {
      const n = Math.min(left, chunk.length);
      left -= n;
      if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return void res.once('drain', pump);
    }
    res.end();
  };
  pump();
}
