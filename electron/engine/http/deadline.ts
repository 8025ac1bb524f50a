/**
 * A request's total timeout. A fresh Node timer per request (a Timeout object, its async resource,
 * argument checks, a list insert and a clearTimeout) is one of the larger costs of a short request
 * in a run. The requests of a run share one timeout length, so finished requests hand their timer
 * back and the next one re-arms it with refresh(), which only moves it to the end of its list.
 *
 * A timer handed back stays armed but idle: if it fires with no request attached it does nothing,
 * and it is unref'd so it never keeps the process alive. While a request holds it, it is ref'd, as a
 * plain setTimeout would be.
 */
export interface Deadline {
  /** The request finished (or failed) first: the timeout will not fire for it. */
  clear(): void;
}

class Slot implements Deadline {
  private onExpire: (() => void) | undefined;
  private readonly timer: NodeJS.Timeout;

  constructor(readonly ms: number, onExpire: () => void) {
    this.onExpire = onExpire;
    this.timer = setTimeout(() => this.expired(), ms);
  }

  arm(onExpire: () => void): void {
    this.onExpire = onExpire;
    this.timer.ref();
    this.timer.refresh();
  }

  clear(): void {
    if (this.onExpire === undefined) return;
    this.onExpire = undefined;
    this.timer.unref();
    release(this);
  }

  private expired(): void {
    const fire = this.onExpire;
    if (fire === undefined) return;
    this.onExpire = undefined;
    this.timer.unref();
    release(this);
    fire();
  }
}

/** Idle timers by length. Bounded: a run uses one or two lengths; the app a handful. */
const idle = new Map<number, Slot[]>();
const MAX_IDLE_PER_LENGTH = 8;
const MAX_LENGTHS = 16;

function release(slot: Slot): void {
  let free = idle.get(slot.ms);
  if (!free) {
    if (idle.size >= MAX_LENGTHS) return;
    free = [];
    idle.set(slot.ms, free);
  }
  if (free.length < MAX_IDLE_PER_LENGTH) free.push(slot);
}

/** Calls `onExpire` after `ms` milliseconds unless the returned deadline is cleared first. */
export function startDeadline(ms: number, onExpire: () => void): Deadline {
  const slot = idle.get(ms)?.pop();
  if (!slot) return new Slot(ms, onExpire);
  slot.arm(onExpire);
  return slot;
}
