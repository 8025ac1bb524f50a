import { describe, expect, it } from 'vitest';
import { openAndSend, responseWorld, shot } from './response-world';

// #17 §5: the status is shown once, with its reason, as a chip coloured by class; time and size
// chips explain themselves on hover.
const w = responseWorld('status');

describe('#17 §5 status, time and size chips', () => {
  it('shows "401 Unauthorized" once, coloured as a client error, its meaning on hover', async () => {
    const { page } = w;
    await openAndSend(page, 'Refused', '401');
    const status = page.getByRole('status', { name: 'Response status' });
    expect((await status.textContent())?.trim()).toBe('401 Unauthorized');
    // Once: the reason is not repeated anywhere else in the status row.
    const row = page.locator('.status-line');
    expect((await row.innerText()).match(/Unauthorized/g)?.length).toBe(1);
    expect(await status.locator('xpath=..').getAttribute('class')).toContain('c4');
    await status.hover();
    const tip = page.getByRole('tooltip').filter({ hasText: 'credentials missing or not accepted' });
    await tip.waitFor();
    await shot(page, 'status-401');
  });

  it('a 200 is green; the time chip lists the phases and the size chip the bytes, on hover and on focus', async () => {
    const { page } = w;
    await openAndSend(page, 'Items', '200');
    const status = page.getByRole('status', { name: 'Response status' });
    expect((await status.textContent())?.trim()).toBe('200 OK');
    expect(await status.locator('xpath=..').getAttribute('class')).toContain('c2');
    await page.getByLabel('Time', { exact: true }).hover();
    const timing = page.getByRole('table', { name: 'Timing breakdown' });
    await timing.waitFor();
    expect(await timing.textContent()).toMatch(/DNS lookup.*TCP connect.*Waiting \(first byte\).*Total/);
    // Keyboard users get the same explanation by focusing the chip.
    await page.mouse.move(0, 0);
    await page.getByLabel('Size', { exact: true }).focus();
    const size = page.getByRole('table', { name: 'Size breakdown' });
    await size.waitFor();
    expect(await size.textContent()).toMatch(/Headers.*Body on the wire.*Body decoded/);
    await shot(page, 'status-200-size');
  });
});
