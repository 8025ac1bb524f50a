import { describe, expect, it } from 'vitest';
import { openAndSend, responsePanel, responseWorld, shot, TOKEN } from './response-world';
import { choose, optionLabels } from './kit';

// #17 §5: Copy as cURL and "Generate code" (the engine's httpsnippet targets) from the request
// and from a history entry. Secrets are placeholders unless asked for.
const w = responseWorld('code');

describe('#17 §5 copy as cURL and generate code', () => {
  it('copies the tab\'s request as cURL with variables filled in and the token a placeholder', async () => {
    const { page, apiUrl } = w;
    await page.getByRole('treeitem', { name: 'GET Who am I' }).getByText('Who am I', { exact: true }).click();
    await page.getByRole('tab', { name: /GET Who am I/, selected: true }).waitFor();
    // Before any send: the empty response panel already offers it.
    await responsePanel(page).getByRole('button', { name: 'Copy as cURL' }).click();
    await expect.poll(() => responsePanel(page).getByLabel('Copy result').textContent()).toMatch(/^Copied/);
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain(`curl --request GET`);
    expect(copied).toContain(`${apiUrl}/echo`);
    expect(copied).toContain('Authorization: Bearer {{token}}');
    expect(copied).not.toContain(TOKEN);
  });

  it('generates code in every language the engine has, and includes the secret only when asked', async () => {
    const { page, apiUrl } = w;
    await openAndSend(page, 'Who am I', '200');
    await responsePanel(page).getByRole('button', { name: 'Generate code' }).click();
    const dialog = page.getByRole('dialog', { name: 'Generate code' });
    const code = dialog.getByLabel('Generated code');
    await expect.poll(() => code.textContent()).toContain('curl');
    const langs = await optionLabels(dialog.getByLabel('Language'));
    expect(langs).toEqual(['cURL', 'HTTPie', 'Python (requests)', 'JavaScript (fetch)', 'Node.js (undici)', 'Go (net/http)', 'Java (OkHttp)', 'C# (HttpClient)']);
    await choose(dialog.getByLabel('Language'), { label: 'Python (requests)' });
    await expect.poll(() => code.textContent()).toContain('import requests');
    expect(await code.textContent()).toContain(`${apiUrl}/echo`);
    await choose(dialog.getByLabel('Language'), { label: 'Go (net/http)' });
    await expect.poll(() => code.textContent()).toContain('net/http');
    expect(await code.textContent()).not.toContain(TOKEN);
    await dialog.getByRole('checkbox', { name: 'Include secrets' }).check();
    await expect.poll(() => code.textContent()).toContain(TOKEN);
    await shot(page, 'generate-code');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
  });

  it('generates code from a history entry', async () => {
    const { page, apiUrl } = w;
    await openAndSend(page, 'Items', '200');
    await page.getByRole('tab', { name: 'History' }).click();
    const entry = page.getByRole('list', { name: 'History entries' }).getByRole('listitem').first();
    await entry.getByRole('button', { name: 'Generate code' }).click();
    const dialog = page.getByRole('dialog', { name: 'Generate code' });
    await expect.poll(() => dialog.getByLabel('Generated code').textContent()).toContain(`${apiUrl}/items`);
    // History keeps no secrets, so it offers none.
    expect(await dialog.getByRole('checkbox', { name: 'Include secrets' }).count()).toBe(0);
    await choose(dialog.getByLabel('Language'), { label: 'HTTPie' });
    await expect.poll(() => dialog.getByLabel('Generated code').textContent()).toMatch(/^http GET/);
    await shot(page, 'history-code');
    await page.keyboard.press('Escape');
    await entry.getByRole('button', { name: 'Copy as cURL' }).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toContain(`${apiUrl}/items`);
  });
});
