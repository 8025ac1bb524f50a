import { describe, expect, it } from 'vitest';
import { choose, valueOf } from './kit';
import { openAndSend, responseWorld, shot } from './response-world';

// #18 §2.8: Postman's protocolProfileBehavior settings in the request's Settings tab, each one
// "as inherited" until set, and sent as set: here the Referer a redirect hop carries.
const w = responseWorld('protocol-settings');

const afterHop = () => w.seen.filter((s) => s.url === '/echo?after=hop');

describe('#18 redirect and TLS settings in the Settings tab', () => {
  it('sends a Referer on the redirect once the request asks for it, and not when it goes back to inherited', async () => {
    const { page } = w;
    await openAndSend(page, 'Hop', '200');
    expect(afterHop().at(-1)?.headers.referer).toBeUndefined();

    await page.getByRole('tablist', { name: 'Request sections' }).getByRole('tab', { name: 'Settings' }).click();
    const referer = page.getByRole('combobox', { name: 'Referer on redirects' });
    expect(await valueOf(referer)).toBe('');
    await choose(referer, { label: 'sent' });
    expect(await valueOf(referer)).toBe('yes');
    await page.getByRole('checkbox', { name: 'Refuse TLSv1.3' }).check();
    await shot(page, 'protocol-settings');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => afterHop().length).toBe(2);
    expect(afterHop().at(-1)?.headers.referer).toBe(`${w.apiUrl}/hop`);

    await choose(referer, { label: 'as inherited' });
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => afterHop().length).toBe(3);
    expect(afterHop().at(-1)?.headers.referer).toBeUndefined();
    expect(await page.getByRole('checkbox', { name: 'Refuse TLSv1.3' }).isChecked()).toBe(true);
  });
});
