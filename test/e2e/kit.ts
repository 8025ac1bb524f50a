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
