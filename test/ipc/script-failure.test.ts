import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isKeyholeError } from '../../shared/errors';
import { ScriptReport, type Api } from '../../shared/ipc';
import { apiOverServer } from './api-harness';

let base: string;
let api: Api;
let close: () => Promise<void>;
let hits = 0;

beforeAll(async () => {
  ({ api, base, close } = await apiOverServer('keyhole-script-failure-', (_req, res) => { hits++; res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"ok":true}'); }));
});

afterAll(async () => {
  await close();
});

describe('a tab send whose pre-request script throws', () => {
  it('fails with script-failed and carries the pm.test results and logs made before the throw', async () => {
    const before = hits;
    const err = await api['request.send']({
      sendId: 's1',
      request: {
        name: 'Breaks', method: 'GET', url: `${base}/x`,
        scripts: { preRequest: "pm.test('setup ran', () => {}); pm.test('token present', () => pm.expect(1).to.equal(2)); console.log('about to fail'); throw new Error('boom');" },
      },
    }).catch((e: unknown) => e);
    expect(isKeyholeError(err) && err.code).toBe('script-failed');
    expect((err as Error).message).toContain('boom');
    const tests = ScriptReport.parse((err as { details?: Record<string, unknown> }).details?.tests);
    expect(tests.assertions.map((a) => [a.name, a.passed])).toEqual([['setup ran', true], ['token present', false]]);
    expect(tests.logs.join('\n')).toContain('about to fail');
    // The request was not sent: the failure stopped it before the wire.
    expect(hits).toBe(before);
  });

  it('a script that passes still reports its tests with the exchange', async () => {
    const r = await api['request.send']({
      sendId: 's2',
      request: { name: 'Fine', method: 'GET', url: `${base}/y`, scripts: { test: "pm.test('is 200', () => pm.response.to.have.status(200));" } },
    });
    expect(r.exchange.response.status).toBe(200);
    expect(r.tests?.assertions).toEqual([{ name: 'is 200', passed: true }]);
  });
});
