import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startDeadline } from '../../../electron/engine/http/deadline';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('startDeadline', () => {
  it('fires once after its time, and not at all once cleared', async () => {
    const fired: string[] = [];
    startDeadline(40, () => fired.push('a'));
    const b = startDeadline(40, () => fired.push('b'));
    b.clear();
    await sleep(150);
    expect(fired).toEqual(['a']);
  });

  it('a timer handed back and re-armed counts from its new start, and fires for its new owner only', async () => {
    const fired: string[] = [];
    const first = startDeadline(200, () => fired.push('first'));
    first.clear();
    await sleep(120);
    const started = performance.now();
    let at = 0;
    startDeadline(200, () => { fired.push('second'); at = performance.now() - started; });
    await sleep(120); // 240 ms after the first start: a timer still counting from there would have fired
    expect(fired).toEqual([]);
    await sleep(250);
    expect(fired).toEqual(['second']);
    expect(at).toBeGreaterThanOrEqual(190);
  });

  it('many at once each fire on time, more than are kept idle', async () => {
    const fired = new Set<number>();
    const all = Array.from({ length: 20 }, (_, i) => startDeadline(30, () => fired.add(i)));
    for (const d of all.slice(0, 10)) d.clear();
    await sleep(120);
    expect([...fired].sort((a, b) => a - b)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    const again = new Set<number>();
    for (let i = 0; i < 20; i++) startDeadline(30, () => again.add(i));
    await sleep(120);
    expect(again.size).toBe(20);
  });

  it('an idle timer does not keep the process alive; an armed one does', async () => {
    const tsx = fileURLToPath(new URL('../../../node_modules/tsx/dist/cli.mjs', import.meta.url));
    const mod = fileURLToPath(new URL('../../../electron/engine/http/deadline.ts', import.meta.url));
    const run = (clear: boolean) => new Promise<{ exited: boolean; ms: number }>((resolve) => {
      const code = `import { startDeadline } from ${JSON.stringify(mod)}; const d = startDeadline(60000, () => {}); ${clear ? 'd.clear();' : ''}`;
      const child = spawn(process.execPath, [tsx, '--eval', code], { stdio: 'ignore' });
      const t0 = performance.now();
      const kill = setTimeout(() => { child.kill(); resolve({ exited: false, ms: performance.now() - t0 }); }, 4000);
      child.on('exit', (c, signal) => { if (signal === null) { clearTimeout(kill); resolve({ exited: true, ms: performance.now() - t0 }); } });
    });
    const [cleared, armed] = await Promise.all([run(true), run(false)]);
    expect(cleared.exited).toBe(true);
    expect(armed.exited).toBe(false);
  }, 20_000);
});
