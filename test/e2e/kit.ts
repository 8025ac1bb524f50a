import type { Locator } from 'playwright-core';

/**
 * How a user works the component kit's Select (Radix): click the combobox, click the option. An
 * option is named by its value (a string: the `data-value` the kit gives each option) or by the
 * text it shows ({ label }).
 */
export async function choose(combo: Locator, what: string | { label: string }): Promise<void> {
  const list = await openList(combo);
  const option = typeof what === 'string'
    ? list.locator(`[role=option][data-value="${what.replace(/["\\]/g, '\\$&')}"]`)
    : list.getByRole('option', { name: what.label, exact: true });
  await option.click();
  await list.waitFor({ state: 'detached' });
  await focusBack(combo);
}

/** Radix gives the focus back to the combobox a tick after the list closes: the next key goes there. */
async function focusBack(combo: Locator): Promise<void> {
  await combo.page().waitForFunction((el) => document.activeElement === el, await combo.elementHandle());
}

/**
 * Opens a kit Select with a click and gives its list, found by its trigger's data-list, read
 * first: an open Select hides the rest of the page from the accessibility tree, as a modal does.
 */
export async function openList(combo: Locator): Promise<Locator> {
  const id = await combo.getAttribute('data-list');
  await combo.click();
  const list = combo.page().locator(`[role=listbox][data-list-of="${id ?? ''}"]`);
  await list.waitFor();
  return list;
}

/**
 * Opens a kit Select from the keyboard (Enter, Space or an arrow on the focused combobox) and
 * waits, as a user sees, for the list to take the focus; then keys go to the list.
 */
export async function openByKey(combo: Locator, key: 'Enter' | ' ' | 'Space' | 'ArrowDown' | 'ArrowUp' = 'Enter'): Promise<Locator> {
  const id = await combo.getAttribute('data-list');
  await combo.focus();
  await combo.page().keyboard.press(key);
  const list = combo.page().locator(`[role=listbox][data-list-of="${id ?? ''}"]`);
  await list.waitFor();
  await combo.page().waitForFunction(() => document.activeElement?.getAttribute('role') === 'option');
  return list;
}

/** Chooses by typing the start of an option's text (typeahead) in the list opened by `key`, then Enter. */
export async function typeToChoose(combo: Locator, text: string, key: Parameters<typeof openByKey>[1] = 'Enter'): Promise<void> {
  const list = await openByKey(combo, key);
  await combo.page().keyboard.type(text);
  // Radix moves the focus to the match on its next tick: Enter goes where the user sees the highlight.
  await combo.page().waitForFunction((t) => document.activeElement?.textContent?.toLowerCase().startsWith(t) === true, text.toLowerCase());
  await combo.page().keyboard.press('Enter');
  await list.waitFor({ state: 'detached' });
  await focusBack(combo);
}

/** The value a kit Select holds ('' for its empty choice). */
export const valueOf = (combo: Locator): Promise<string | null> => combo.getAttribute('data-value');

/** The texts of a kit Select's options, as its opened list shows them; Esc closes it again. */
export async function optionLabels(combo: Locator): Promise<string[]> {
  const list = await openList(combo);
  const labels = await list.getByRole('option').allTextContents();
  await combo.page().keyboard.press('Escape');
  await list.waitFor({ state: 'detached' });
  return labels;
}

/** Picks a file for a kit FileDrop through its button, as a user does with the browser's picker. */
export async function pickFile(zone: Locator, file: string | { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
  const chooser = zone.page().waitForEvent('filechooser');
  await zone.click();
  await (await chooser).setFiles(file);
}
