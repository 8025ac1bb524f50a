// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { CompactSign } from 'jose';
import type { ComponentType } from 'react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { installRealEngine, type RealEngine } from './real-engine';

/**
 * The Inspector's JWT decoder over the engine's real handlers (what Electron's preload and the
 * bridge call): it shows the engine's verdict, so a token the verifier rejects is rejected here.
 */
let engine: RealEngine;
let Inspector: ComponentType<{ tabId?: string; auth?: undefined; response?: undefined }>;

beforeAll(async () => {
  engine = await installRealEngine();
  ({ Inspector } = await import('../../renderer/src/components/Inspector'));
});
afterAll(() => engine.close());
afterEach(cleanup);

const SECRET = 'the-secret-the-api-actually-uses-42';
const token = (crit: string[], extra: Record<string, unknown>) => new CompactSign(new TextEncoder().encode(JSON.stringify({ sub: 'x' })))
  .setProtectedHeader({ alg: 'HS256', crit, ...extra })
  .sign(new TextEncoder().encode(SECRET), { crit: Object.fromEntries(crit.map((c) => [c, true])) });

async function decode(t: string, key: string): Promise<string> {
  render(<Inspector />);
  fireEvent.change(screen.getByRole('textbox', { name: 'JWT' }), { target: { value: t } });
  fireEvent.change(screen.getByRole('textbox', { name: 'Verification key' }), { target: { value: key } });
  fireEvent.click(screen.getByRole('button', { name: 'Decode' }));
  return (await waitFor(() => screen.getByRole('status'), { timeout: 10_000 })).textContent ?? '';
}

describe('the Inspector\'s JWT decoder', () => {
  it('says NOT verified, unknown critical header, for a token whose crit lists an unknown extension', async () => {
    expect(await decode(await token(['exp2'], { exp2: 1 }), SECRET)).toMatch(/^Signature NOT verified: Unknown critical header: crit lists "exp2"/);
  });

  it('and verified for the same token without the extension (the control)', async () => {
    expect(await decode(await token(['b64'], { b64: true }), SECRET)).toMatch(/^Signature verified: /);
  });
});
