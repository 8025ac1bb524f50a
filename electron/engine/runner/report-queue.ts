/**
 * Runs report work (the reporters' onRequest: a JSON report's text, a progress line) after the next
 * request is on the wire instead of before it. undici writes a request on a reused connection from
 * the event loop's check phase (a setImmediate that first lets the socket report a close), so work
 * queued two setImmediate hops later runs while the server answers, off the run's critical path.
 * Jobs keep their order; drain() waits for all of them and rethrows the first error a job threw.
 */
export class ReportQueue {
  private readonly jobs: (() => void | Promise<void>)[] = [];
  private running: Promise<void> | undefined;
  private failure: { error: unknown } | undefined;

  push(job: () => void | Promise<void>): void {
    this.jobs.push(job);
    this.running ??= new Promise<void>((resolve) => setImmediate(() => setImmediate(() => resolve(this.runAll()))));
  }

  /** A reporter that failed stops the run at its next request, as it did when it ran in line. */
  throwIfFailed(): void {
    if (this.failure) throw this.failure.error;
  }

  /** Waits for every queued job; the first error any job threw is thrown here. */
  async drain(): Promise<void> {
    while (this.running) await this.running;
    if (this.failure) throw this.failure.error;
  }

  private async runAll(): Promise<void> {
    try {
      while (this.jobs.length > 0) {
        const job = this.jobs.shift() as () => void | Promise<void>;
        try {
          // Most reporters write synchronously: no microtask turn for them.
          const p = job();
          if (p) await p;
        } catch (e) {
          this.failure ??= { error: e };
        }
      }
    } finally {
      this.running = undefined;
    }
  }
}
