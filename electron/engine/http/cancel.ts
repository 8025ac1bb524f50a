/**
 * A one-shot cancel for one send: the user's Cancel and the total timeout both fire it, and the hop
 * in flight listens. An AbortController costs several microseconds to make and to listen to on
 * Node 20 (it is an EventTarget), which showed up in every request of a long run; this is a flag,
 * a reason and a list.
 */
export class Cancel {
  aborted = false;
  reason: unknown;
  private listeners: (() => void)[] = [];

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    for (const listener of this.listeners.splice(0)) listener();
  }

  /** Calls `listener` once on abort; returns the function that stops listening. */
  listen(listener: () => void): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }
}
