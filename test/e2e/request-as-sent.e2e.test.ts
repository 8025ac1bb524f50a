import { describe, expect, it } from 'vitest';
import pkg from '../../package.json';
import { openAndSend, responsePanel, responseTab, responseWorld, shot, TOKEN } from './response-world';

// #17 §5: "Request as sent": the final URL with variables resolved, every header (the auth
// scheme's, the generated ones), credentials masked and revealed only on an explicit click,
// through the engine; each redirect hop's request.
const w = responseWorld('as-sent');

describe('#17 §5 request as sent', () => {
  it('shows each hop and the final request, the credential masked until Reveal asks the engine for it', async () => {
    const { page, apiUrl } = w;
    const reveals: string[] = [];
    page.on('request', (r) => { if (r.url().includes('/api/exchange.reveal')) reveals.push(r.postData() ?? ''); });
    await openAndSend(page, 'Hop', '200');
    await responseTab(page, 'Request');
    const panel = responsePanel(page);
    const hop = panel.getByRole('region', { name: 'Redirect hop 1' });
    expect(await hop.getByLabel('Sent URL').textContent()).toBe(`${apiUrl}/hop`);
    expect(await hop.textContent()).toContain('302');
    const final = panel.getByRole('region', { name: 'Final request' });
    expect(await final.getByLabel('Sent URL').textContent()).toBe(`${apiUrl}/echo?after=hop`);
    const headers = final.getByRole('table', { name: 'Sent headers' });
    expect(await headers.textContent()).toContain(`User-Agent${`Keyhole/${pkg.version}`}`);
    expect(await headers.textContent()).toContain('Accept*/*');
    // Nothing on the page holds the token before the click, and the renderer has not asked for it.
    expect(await page.content()).not.toContain(TOKEN);
    expect(reveals).toEqual([]);
    const auth = headers.getByRole('row', { name: /Authorization/ });
    expect(await auth.textContent()).toMatch(/Bearer .*\*\*\*\*/);
    await shot(page, 'as-sent-masked');
    await auth.getByRole('button', { name: 'Reveal Authorization' }).click();
    await expect.poll(() => auth.textContent()).toContain(`Bearer ${TOKEN}`);
    expect(reveals).toHaveLength(1);
    await shot(page, 'as-sent-revealed');
    await auth.getByRole('button', { name: 'Hide Authorization' }).click();
    expect(await page.content()).not.toContain(TOKEN);
    // The hop's own request carried the credential too (same origin): it reveals separately.
    const hopAuth = hop.getByRole('row', { name: /Authorization/ });
    await hopAuth.getByRole('button', { name: 'Reveal Authorization' }).click();
    await expect.poll(() => hopAuth.textContent()).toContain(TOKEN);
  });
});
