// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RequestEditor } from '../../renderer/src/components/RequestEditor';
import { activeTab, newTab, tabs } from '../../renderer/src/state/tabs';
import { workspace } from '../../renderer/src/state/workspace';

let unsubscribe: (() => void) | undefined;

/** Renders the editor of the active tab again after each store change, as App does. */
function renderActive() {
  const view = render(<RequestEditor tab={activeTab() ?? (() => { throw new Error('no tab'); })()} />);
  unsubscribe = tabs.subscribe(() => {
    const t = activeTab();
    if (t) view.rerender(<RequestEditor tab={t} />);
  });
  return view;
}

const url = () => screen.getByRole<HTMLInputElement>('combobox', { name: 'URL' });
const param = (kind: 'key' | 'value', n: number) => screen.getByRole<HTMLInputElement>('textbox', { name: `Query parameters ${kind} ${n}` });

beforeEach(() => {
  tabs.set({ tabs: [] });
  workspace.set({ loaded: true, root: '', collections: [], variables: [], variablesBy: {}, environments: {} });
  newTab();
});
afterEach(() => {
  unsubscribe?.();
  cleanup();
});

describe('URL bar and query parameters stay in sync both ways', () => {
  it('splits a typed query string into rows, showing values as written in the URL', () => {
    renderActive();
    fireEvent.change(url(), { target: { value: 'https://api.test/items?q=a%20b&limit=10' } });
    expect([param('key', 1).value, param('value', 1).value]).toEqual(['q', 'a%20b']);
    expect([param('key', 2).value, param('value', 2).value]).toEqual(['limit', '10']);
  });

  it('rewrites the URL when a row is edited, added or disabled', () => {
    renderActive();
    fireEvent.change(url(), { target: { value: 'https://api.test/items?limit=10' } });
    fireEvent.change(param('value', 1), { target: { value: '20' } });
    expect(url().value).toBe('https://api.test/items?limit=20');
    fireEvent.change(param('key', 2), { target: { value: 'sort' } });
    fireEvent.change(param('value', 2), { target: { value: 'name' } });
    expect(url().value).toBe('https://api.test/items?limit=20&sort=name');
    fireEvent.click(screen.getByRole('checkbox', { name: 'Query parameters row 1 enabled' }));
    expect(url().value).toBe('https://api.test/items?sort=name');
    // The disabled row stays in the table where it was, so turning it back on restores the order.
    expect(param('key', 1).value).toBe('limit');
    fireEvent.click(screen.getByRole('checkbox', { name: 'Query parameters row 1 enabled' }));
    expect(url().value).toBe('https://api.test/items?limit=20&sort=name');
  });

  it('an unticked row keeps its place among the enabled ones, also while the URL is edited', () => {
    renderActive();
    const keys = () => [1, 2, 3, 4].flatMap((n) => screen.queryByRole<HTMLInputElement>('textbox', { name: `Query parameters key ${n}` })?.value ?? []).filter((k) => k !== '');
    const ticked = (n: number) => screen.getByRole<HTMLInputElement>('checkbox', { name: `Query parameters row ${n} enabled` }).checked;
    fireEvent.change(url(), { target: { value: 'https://api.test/items?a=1&b=2&c=3' } });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Query parameters row 2 enabled' }));
    expect(url().value).toBe('https://api.test/items?a=1&c=3');
    expect(keys()).toEqual(['a', 'b', 'c']);
    expect([ticked(1), ticked(2), ticked(3)]).toEqual([true, false, true]);
    // Typing a new parameter into the URL adds it after the rows; b stays second, still off.
    fireEvent.change(url(), { target: { value: 'https://api.test/items?a=1&c=3&d=4' } });
    expect(keys()).toEqual(['a', 'b', 'c', 'd']);
    expect(ticked(2)).toBe(false);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Query parameters row 2 enabled' }));
    expect(url().value).toBe('https://api.test/items?a=1&b=2&c=3&d=4');
    expect(activeTab()?.draft.query).toEqual([]);
  });

  it('keeps {{variables}} in the query verbatim in both directions', () => {
    renderActive();
    fireEvent.change(url(), { target: { value: '{{base}}/search?token={{token}}' } });
    expect(param('value', 1).value).toBe('{{token}}');
    fireEvent.change(param('value', 1), { target: { value: '{{other}}' } });
    expect(url().value).toBe('{{base}}/search?token={{other}}');
  });
});

describe('pasting a cURL command into the URL bar', () => {
  it('turns it into the request (method, URL, headers) instead of a URL', async () => {
    renderActive();
    const text = "curl -X POST 'https://api.test/orders?dry=1' -H 'X-Trace: abc' --data '{\"a\":1}'";
    fireEvent.paste(url(), { clipboardData: { getData: () => text } });
    await waitFor(() => expect(screen.getByRole('combobox', { name: 'Method' }).getAttribute('data-value')).toBe('POST'));
    expect(url().value).toBe('https://api.test/orders?dry=1');
    expect(activeTab()?.draft.headers.map((h) => [h.key, h.value])).toContainEqual(['X-Trace', 'abc']);
  });
});
