import { describe, expect, it } from 'vitest';
import { MAX_PAYLOAD, dispatch } from '../../shared/ipc/dispatch';
import type { Handlers } from '../../shared/ipc/types';

// A handler that records whether it ran: the cap must refuse before any handler sees the input.
function recording(): { handlers: Handlers; ran: string[] } {
  const ran: string[] = [];
  const handlers = new Proxy({}, { get: (_t, name) => async () => { ran.push(String(name)); return {}; } }) as unknown as Handlers;
  return { handlers, ran };
}

describe('IPC payload cap (guarantee 7: huge payloads are refused)', () => {
  it('refuses one string past the cap with invalid-input naming the channel and the limit, before the handler', async () => {
    const { handlers, ran } = recording();
    const huge = 'x'.repeat(MAX_PAYLOAD + 1);
    const out = await dispatch(handlers, 'inspector.jwt', { token: huge });
    expect(out.ok).toBe(false);
    expect(out).toMatchObject({ error: { code: 'invalid-input', details: { channel: 'inspector.jwt', limit: MAX_PAYLOAD } } });
    expect(ran).toEqual([]);
  });

  it('counts many small values as well as long strings, and lets a call under the cap through to the schema', async () => {
    const { handlers, ran } = recording();
    const many = { token: 'a', extra: Array.from({ length: 2_000 }, () => ({ k: 'v' })) };
    const refused = await dispatch(handlers, 'inspector.jwt', many, 10_000);
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-input', details: { limit: 10_000 } } });
    expect(ran).toEqual([]);
    const small = await dispatch(handlers, 'inspector.jwt', { token: 'a.b.c' }, 10_000);
    // Under the cap the schema decides; either way the size check is not what answered.
    expect(JSON.stringify(small)).not.toContain('larger than');
  });
});
