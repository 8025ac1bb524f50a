import { describe, expect, it } from 'vitest';
import pkg from '../../package.json';
import { openAndSend, responseWorld, shot } from './response-world';

// #17 §6: User-Agent: Keyhole/<version> and Accept: */* go out unless the user set them, shown in
// the headers table as generated rows that can be switched off.
const w = responseWorld('default-headers');

const lastEcho = () => w.seen.filter((s) => s.url.startsWith('/echo')).at(-1)?.headers;

describe('#17 §6 default headers, visible', () => {
  it('shows the generated rows, sends them, stops one when switched off, and yields to the user\'s own header', async () => {
    const { page } = w;
    await openAndSend(page, 'Who am I', '200');
    expect(lastEcho()?.['user-agent']).toBe(`Keyhole/${pkg.version}`);
    expect(lastEcho()?.accept).toBe('*/*');

    await page.getByRole('tablist', { name: 'Request sections' }).getByRole('tab', { name: 'Headers' }).click();
    const generated = page.getByRole('table', { name: 'Generated headers' });
    expect(await generated.textContent()).toContain(`User-Agent${`Keyhole/${pkg.version}`}generated`);
    await generated.getByRole('checkbox', { name: 'Send generated User-Agent' }).uncheck();
    await shot(page, 'default-headers-off');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => w.seen.filter((s) => s.url.startsWith('/echo')).length).toBe(2);
    expect(lastEcho()?.['user-agent']).toBeUndefined();
    expect(lastEcho()?.accept).toBe('*/*');

    // A header the user types replaces the generated one, and the row says so.
    await page.getByLabel('Headers key 1').fill('Accept');
    await page.getByLabel('Headers value 1').fill('application/json');
    await expect.poll(() => generated.getByRole('row', { name: /Accept/ }).textContent()).toContain('replaced by your header');
    expect(await generated.getByRole('checkbox', { name: 'Send generated Accept' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => w.seen.filter((s) => s.url.startsWith('/echo')).length).toBe(3);
    expect(lastEcho()?.accept).toBe('application/json');
    await shot(page, 'default-headers-replaced');
  });
});
