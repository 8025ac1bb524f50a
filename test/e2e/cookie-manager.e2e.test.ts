import { describe, expect, it } from 'vitest';
import { openAndSend, responsePanel, responseTab, responseWorld, shot } from './response-world';
import { choose, valueOf } from './kit';

// #17 §5: a cookie manager per environment: view, edit, delete, clear the jar; what it changes
// is what the next request sends.
const w = responseWorld('cookies');

const cookieHeader = () => w.seen.filter((s) => s.url.startsWith('/echo')).at(-1)?.headers.cookie;

describe('#17 §5 cookie manager', () => {
  it('shows the jar of the environment, masked; edits, deletes and clears it, and sends what it holds', async () => {
    const { page } = w;
    await openAndSend(page, 'Login', '200');
    await responseTab(page, 'Cookies');
    await responsePanel(page).getByRole('button', { name: 'Manage cookies…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Cookies' });
    const table = dialog.getByRole('table', { name: 'Cookies' });
    await expect.poll(() => table.getByRole('row').count()).toBe(3);
    expect(await valueOf(dialog.getByLabel('Cookie jar of environment'))).toBe('Local');
    expect(await table.textContent()).toContain('sid');
    expect(await table.textContent()).not.toContain('session-cookie-value-42');
    expect(await table.getByRole('row', { name: /sid/ }).textContent()).toContain('HttpOnly');
    await table.getByRole('button', { name: 'Reveal cookie sid' }).click();
    await expect.poll(() => table.getByRole('row', { name: /sid/ }).textContent()).toContain('session-cookie-value-42');
    await shot(page, 'cookies');
    await table.getByRole('button', { name: 'Hide cookie sid' }).click();

    // Edit: the form opens with the real value (asked of the engine), the change is sent next.
    await table.getByRole('button', { name: 'Edit cookie theme' }).click();
    const form = dialog.getByRole('form', { name: 'Cookie' });
    expect(await form.getByLabel('Cookie value').inputValue()).toBe('dark');
    await form.getByLabel('Cookie value').fill('light');
    await form.getByRole('button', { name: 'Save cookie' }).click();
    await form.waitFor({ state: 'hidden' });
    await table.getByRole('button', { name: 'Delete cookie sid' }).click();
    await expect.poll(() => table.getByRole('row').count()).toBe(2);
    // Add one by hand; a name with a space is refused with the reason.
    await dialog.getByRole('button', { name: 'Add cookie' }).click();
    await form.getByLabel('Cookie name').fill('bad name');
    expect(await form.getByRole('button', { name: 'Save cookie' }).isDisabled()).toBe(true);
    await form.getByLabel('Cookie name').fill('lang');
    await form.getByLabel('Cookie value').fill('fr');
    await form.getByLabel('Cookie domain').fill('127.0.0.1');
    await form.getByRole('button', { name: 'Save cookie' }).click();
    await expect.poll(() => table.getByRole('row').count()).toBe(3);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    await openAndSend(page, 'Who am I', '200');
    expect(cookieHeader()).toBe('theme=light; lang=fr');

    // Clear the jar (asked first): the next request sends no cookie.
    await responseTab(page, 'Cookies');
    await responsePanel(page).getByRole('button', { name: 'Manage cookies…' }).click();
    await dialog.getByRole('button', { name: 'Clear jar' }).click();
    await page.getByRole('alertdialog').or(page.getByRole('dialog', { name: 'Clear cookies' })).getByRole('button', { name: 'Clear cookies' }).click();
    await dialog.getByText('No cookies in this jar').waitFor();
    // Another environment's jar is another jar: "No environment" is empty too, and separate.
    await choose(dialog.getByLabel('Cookie jar of environment'), { label: 'No environment' });
    await dialog.getByText('No cookies in this jar').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => w.seen.filter((s) => s.url.startsWith('/echo')).length).toBe(2);
    expect(cookieHeader()).toBeUndefined();
  }, 90_000);
});
