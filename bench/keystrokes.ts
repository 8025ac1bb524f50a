import type { Page } from 'playwright-core';

declare global { interface Window { __lat?: number[]; __work?: number[]; __stopTyping?: AbortController } }

export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
export const round = (n: number): number => Math.round(n * 10) / 10;

/**
 * Types into the focused field (an <input>, or the textarea Monaco reads keys from) and measures
 * each keystroke twice. `lat`: keydown to the first task after the next frame (what the user waits
 * for, including the wait for the frame to start, which is up to 16.7 ms at 60 Hz however little
 * the app does). `work`: the time the keystroke keeps the main thread busy: keydown until its
 * input event is handled (React renders discrete events synchronously; Monaco applies the edit on
 * input), plus the next frame from its start (rAF) to the task after it (Monaco's view render,
 * style, layout, paint). Work under 16 ms is a keystroke that fits in a frame.
 */
export async function typeAndMeasure(page: Page, text = '/search?q=keyhole-latency'): Promise<{ lat: number[]; work: number[] }> {
  await page.evaluate(() => {
    window.__lat = [];
    window.__work = [];
    // One measuring listener at a time, on whatever field is focused now.
    window.__stopTyping?.abort();
    window.__stopTyping = new AbortController();
    const target = document.activeElement;
    target?.addEventListener('keydown', () => {
      const t0 = performance.now();
      let handled = t0;
      // On window, bubbling: after React's listener on its root; the microtask after its commit.
      // (No named function in here: tsx would wrap it in a helper the page does not have.)
      const done = new AbortController();
      window.addEventListener('input', () => queueMicrotask(() => { handled = performance.now(); }), { once: true, signal: done.signal });
      requestAnimationFrame(() => {
        const t1 = performance.now();
        done.abort();
        setTimeout(() => {
          const t2 = performance.now();
          window.__lat?.push(t2 - t0);
          window.__work?.push((handled - t0) + (t2 - t1));
        }, 0);
      });
    }, { capture: true, signal: window.__stopTyping.signal });
  });
  await page.keyboard.type(text, { delay: 30 });
  await page.waitForTimeout(100);
  return page.evaluate(() => ({ lat: window.__lat ?? [], work: window.__work ?? [] }));
}
