import { afterAll, describe, expect, it, vi } from 'vitest';
import { workMeter } from './work-meter';

/**
 * Guarantee 6's "never hangs", for inputs that are large rather than malformed: n and 4n inputs,
 * compared by the work they cause, never by time (a loaded machine changes how long a parse takes,
 * never how much it does). Linear is 4x, quadratic 16x; the bound is 8x, their middle on a log
 * scale, with room for fixed costs and allocation steps.
 */
// Started before the parsers are loaded, and loaded afresh: V8 counts the blocks only of code
// compiled after the meter started (a worker that ran other test files may hold them compiled).
const meter = workMeter();
afterAll(() => meter.close());
vi.resetModules();
const { parseCurl, parsePostmanCollection, readInput, shellWords } = await import('../../shared/importers');
const { parseChallenges } = await import('../../shared/inspector/challenge');
const { harToExchanges } = await import('../../shared/inspector/har');
const { decodeToken } = await import('../../shared/inspector/jwt');

const POSTMAN_HEAD = '{"info":{"name":"x","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},';

function growth(make: (n: number) => string, run: (input: string) => unknown, n: number): { operations: number; bytes: number } {
  const small = make(n);
  const large = make(4 * n);
  // Once each first: the first runs also compile the code and fill V8's caches.
  meter.measure(() => run(small), 1);
  meter.measure(() => run(large), 1);
  const a = meter.measure(() => run(small));
  const b = meter.measure(() => run(large));
  expect(a.operations).toBeGreaterThan(0);
  return { operations: b.operations / a.operations, bytes: b.bytes / Math.max(a.bytes, 1) };
}

describe('linear work (n vs 4n inputs: under 8x the operations and the bytes allocated)', () => {
  it('WWW-Authenticate: counted parser steps grow linearly', () => {
    const steps = (n: number): number => {
      const m = { steps: 0 };
      parseChallenges(Array.from({ length: n }, (_, i) => `Digest realm="r${i}", nonce="${'n'.repeat(20)}", qop="auth,auth-int"`).join(', '), m);
      return m.steps;
    };
    expect(steps(4000) / steps(1000)).toBeLessThan(4 * 1.25);
    const pathological = (n: number): number => {
      const m = { steps: 0 };
      parseChallenges(`Basic ${'a=,'.repeat(n)}"${'\\'.repeat(n)}`, m);
      return m.steps;
    };
    expect(pathological(40_000) / pathological(10_000)).toBeLessThan(4 * 1.25);
  });

  const cases: [string, (n: number) => string, (s: string) => unknown, number][] = [
    ['cURL with many headers', (n) => `curl http://127.0.0.1:1/ ${'-H "X-A: b" '.repeat(n)}`, (s) => parseCurl(readInput(s)), 20_000],
    ['shell words with many escapes', (n) => `curl "${'\\"'.repeat(n)}"`, (s) => shellWords(s), 50_000],
    ['JWT with a large payload', (n) => `eyJhbGciOiJub25lIn0.${Buffer.from(JSON.stringify({ a: 'x'.repeat(n) })).toString('base64url')}.`, (s) => decodeToken(s, { at: new Date(0) }), 20_000],
    ['HAR reader with many entries', (n) => JSON.stringify({ log: { version: '1.2', entries: Array.from({ length: n }, (_, i) => ({ startedDateTime: '2020-01-01T00:00:00Z', request: { method: 'GET', url: `http://127.0.0.1:1/${i}`, headers: [] }, response: { status: 200, headers: [], content: { text: '' } } })) } }), (s) => harToExchanges(s), 3_000],
    ['Postman collection with many requests', (n) => `${POSTMAN_HEAD}"item":[${Array.from({ length: n }, (_, i) => `{"name":"r${i}","request":{"url":"http://127.0.0.1:1/${i}"}}`).join(',')}]}`, (s) => parsePostmanCollection(readInput(s)), 500],
  ];
  for (const [what, make, run, n] of cases) {
    it(what, () => {
      const g = growth(make, run, n);
      expect(g.operations).toBeLessThan(8);
      expect(g.bytes).toBeLessThan(8);
    }, 60_000);
  }

  it('the meter is not vacuous: a quadratic use of a parser shows as one, inside the parser too', () => {
    // Each call parses a prefix of the input: 4x the input is 4x the calls, each 4x longer.
    const g = growth((n) => 'a '.repeat(n), (s) => { for (let i = 0; i < s.length; i += 2) shellWords(s.slice(0, i)); }, 200);
    expect(g.operations).toBeGreaterThan(12);
    expect(g.bytes).toBeGreaterThan(12);
  });
});
