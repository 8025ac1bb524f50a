import { describe, expect, it } from 'vitest';
import { openAndSend, responsePanel, responseWorld, shot } from './response-world';

// #17 §5: filter the body with JSONPath (JSON) or XPath (XML); search highlights in place.
const w = responseWorld('filter');

const bodyLines = (page: import('playwright-core').Page, name = 'Response body') => page.getByRole('list', { name });

describe('#17 §5 filter and search the body', () => {
  it('JSONPath keeps what matches; search marks every hit in place and steps through them', async () => {
    const { page } = w;
    page.setDefaultTimeout(8000);
    await openAndSend(page, 'Items', '200');
    const panel = responsePanel(page);
    await panel.getByLabel('JSONPath filter').fill('$.items[*].name');
    await panel.getByLabel('JSONPath filter').press('Enter');
    await expect.poll(() => bodyLines(page, 'Filtered body').textContent()).toContain('"gamma"');
    const filtered = await bodyLines(page, 'Filtered body').textContent();
    expect(filtered).toContain('"alpha"');
    expect(filtered).not.toContain('"tags"');
    expect(await panel.getByLabel('Filter result').textContent()).toBe('3 matches');
    await shot(page, 'jsonpath');
    // A broken expression says why; clearing the filter brings the whole body back.
    // Filter expressions work, evaluated safely (no JavaScript).
    await panel.getByLabel('JSONPath filter').fill('$.items[?(@.id > 2)].name');
    await panel.getByLabel('JSONPath filter').press('Enter');
    await expect.poll(() => panel.getByLabel('Filter result').textContent()).toBe('1 match');
    expect(await bodyLines(page, 'Filtered body').textContent()).toContain('"gamma"');
    expect(await bodyLines(page, 'Filtered body').textContent()).not.toContain('"beta"');
    await panel.getByLabel('JSONPath filter').fill('$.items[?(@.id >)]');
    await panel.getByLabel('JSONPath filter').press('Enter');
    await expect.poll(() => panel.getByRole('alert').textContent(), { timeout: 5000 }).toContain('JSONPath');
    await panel.getByLabel('JSONPath filter').fill('');
    await expect.poll(() => bodyLines(page).count()).toBe(0); // Monaco again, for a small body
    await panel.getByRole('radio', { name: 'raw' }).check();
    await panel.getByLabel('Search the body').fill('a');
    await expect.poll(() => panel.getByLabel('Search hits').textContent()).toMatch(/^1 of \d+$/);
    const hits = bodyLines(page).locator('mark.hit');
    expect(await hits.count()).toBeGreaterThan(3);
    await panel.getByLabel('Search the body').fill('beta');
    await expect.poll(() => panel.getByLabel('Search hits').textContent()).toBe('1 of 1');
    expect(await bodyLines(page).locator('mark.hit.current').textContent()).toBe('beta');
    await shot(page, 'search');
  }, 90_000);

  it('XPath filters an XML body', async () => {
    const { page } = w;
    await openAndSend(page, 'Feed', '200');
    const panel = responsePanel(page);
    await panel.getByLabel('XPath filter').fill('//entry/title');
    await panel.getByLabel('XPath filter').press('Enter');
    await expect.poll(() => bodyLines(page, 'Filtered body').textContent()).toContain('<title>Second</title>');
    expect(await panel.getByLabel('Filter result').textContent()).toBe('2 matches');
    await panel.getByLabel('XPath filter').fill('//entry/@id');
    await panel.getByLabel('XPath filter').press('Enter');
    await expect.poll(() => bodyLines(page, 'Filtered body').textContent()).toContain('e2');
    await shot(page, 'xpath');
  });
});
