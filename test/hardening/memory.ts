/**
 * Peak resident memory growth while `run` is pending, sampled every 20 ms. RSS, not heap: a leak
 * into Buffers or zlib's native memory shows there and not in heapUsed.
 */
export async function peakRssGrowth<T>(run: () => Promise<T>): Promise<{ outcome: PromiseSettledResult<T>; growthMb: number }> {
  const base = process.memoryUsage.rss();
  let peak = base;
  const t = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, 20);
  let outcome: PromiseSettledResult<T>;
  try {
    outcome = { status: 'fulfilled', value: await run() };
  } catch (reason) {
    outcome = { status: 'rejected', reason };
  } finally {
    clearInterval(t);
  }
  peak = Math.max(peak, process.memoryUsage.rss());
  return { outcome, growthMb: (peak - base) / (1024 * 1024) };
}

/** The error of a rejected outcome (fails the test with the value when it was fulfilled). */
export function rejection<T>(o: PromiseSettledResult<T>): unknown {
  if (o.status === 'fulfilled') throw new Error(`expected a rejection, got ${JSON.stringify(o.value).slice(0, 200)}`);
  return o.reason;
}

export async function until(check: () => boolean, what: string, limitMs = 10_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
