import { createStore } from '../../lib/store';

/** What the user chose: a fixed theme, or whatever the operating system shows. */
export type ThemeChoice = 'light' | 'dark' | 'system';
export type Theme = 'light' | 'dark';

export interface ThemeState {
  choice: ThemeChoice;
  /** The theme on screen now: the choice, or the system's when the choice is "system". */
  theme: Theme;
}

const KEY = 'keyhole.theme';
const CHOICES: readonly ThemeChoice[] = ['light', 'dark', 'system'];

const systemQuery = (): MediaQueryList | undefined =>
  typeof window.matchMedia === 'function' ? window.matchMedia('(prefers-color-scheme: dark)') : undefined;

function resolve(choice: ThemeChoice): Theme {
  if (choice !== 'system') return choice;
  return systemQuery()?.matches ? 'dark' : 'light';
}

function stored(): ThemeChoice {
  try {
    const v = localStorage.getItem(KEY);
    return CHOICES.includes(v as ThemeChoice) ? (v as ThemeChoice) : 'system';
  } catch {
    // Storage can be refused (a sandboxed page, a full quota): the system's theme is a fine default.
    return 'system';
  }
}

export const theme = createStore<ThemeState>({ choice: 'system', theme: 'light' });

/** Puts the theme on <html>, where the stylesheet's variable sets and `color-scheme` key on it. */
function apply(t: Theme): void {
  document.documentElement.dataset['theme'] = t;
  document.documentElement.style.colorScheme = t;
}

export function setThemeChoice(choice: ThemeChoice): void {
  try { localStorage.setItem(KEY, choice); } catch { /* kept for this page only; see stored() */ }
  const t = resolve(choice);
  apply(t);
  theme.set({ choice, theme: t });
}

let started = false;

/**
 * Applies the kept choice before the first render (no flash of the other theme) and, while the
 * choice is "system", follows the operating system's switch live.
 */
export function startTheme(): void {
  if (started) return;
  started = true;
  setThemeChoice(stored());
  systemQuery()?.addEventListener('change', () => {
    if (theme.get().choice === 'system') setThemeChoice('system');
  });
}
