import { useStore } from '../../lib/store';
import { setThemeChoice, theme, type ThemeChoice } from './theme';

const OPTIONS: { value: ThemeChoice; label: string; hint: string }[] = [
  { value: 'light', label: 'Light', hint: 'Light theme' },
  { value: 'dark', label: 'Dark', hint: 'Dark theme' },
  { value: 'system', label: 'System', hint: 'Follow the operating system' },
];

/**
 * Light, dark or the system's theme: a segmented control of native radios (arrow keys move the
 * choice, as in any radio group), kept across restarts.
 */
export function ThemeSwitch() {
  const choice = useStore(theme, (s) => s.choice);
  return (
    <div role="radiogroup" aria-label="Theme" className="segmented">
      {OPTIONS.map((o) => (
        <label key={o.value} title={o.hint} className={choice === o.value ? 'on' : undefined}>
          <input type="radio" name="keyhole-theme" className="sr-only" value={o.value} checked={choice === o.value} onChange={() => setThemeChoice(o.value)} />
          {o.label}
        </label>
      ))}
    </div>
  );
}
