import * as RSelect from '@radix-ui/react-select';
import { Check, ChevronDown } from 'lucide-react';
import { useId, type ReactNode } from 'react';

export interface SelectOption<T extends string = string> {
  value: T;
  /** What the list and the closed select show; a string also serves typeahead. */
  label: ReactNode;
  /** The text typeahead matches when `label` is not a string. */
  textValue?: string | undefined;
  disabled?: boolean | undefined;
}

export interface SelectProps<T extends string = string> {
  /** The accessible name (the trigger is a `combobox` of this name). */
  label: string;
  value: T;
  onChange: (value: T) => void;
  options: readonly SelectOption<T>[];
  placeholder?: string | undefined;
  disabled?: boolean | undefined;
  /** Why it is disabled, or what it does: shown on hover. */
  title?: string | undefined;
  className?: string | undefined;
  id?: string | undefined;
}

// Radix refuses '' as an item's value (it means "no value" there); many of our lists have a ''
// choice ("No environment", "Whole collection"), so it is carried under a name no value uses.
const EMPTY = '\u0000empty';
const encode = (v: string): string => (v === '' ? EMPTY : v);
const decode = (v: string): string => (v === EMPTY ? '' : v);

/**
 * The kit's select: a Radix Select (arrows, Enter, Esc, typeahead, screen-reader wiring) in the
 * app's look, in place of the native `<select>`. The trigger carries `data-value` with the value
 * chosen, for tests and styles.
 */
export function Select<T extends string = string>({ label, value, onChange, options, placeholder, disabled, title, className, id }: SelectProps<T>) {
  // Ties the floating list to its trigger for tests and styles (Radix names it only while open).
  const listId = useId();
  return (
    // A '' no option offers shows the placeholder (Radix's "no value").
    <RSelect.Root value={value === '' && !options.some((o) => o.value === '') ? '' : encode(value)} onValueChange={(v) => onChange(decode(v) as T)} disabled={disabled}>
      <RSelect.Trigger id={id} className={['select-trigger', className].filter(Boolean).join(' ')} aria-label={label} title={title} data-value={value} data-list={listId}>
        <RSelect.Value placeholder={placeholder ?? 'Choose…'} />
        <RSelect.Icon className="select-icon"><ChevronDown size={14} aria-hidden /></RSelect.Icon>
      </RSelect.Trigger>
      <RSelect.Portal>
        <RSelect.Content data-list-of={listId} className="select-content" position="popper" sideOffset={4} collisionPadding={8}>
          <RSelect.ScrollUpButton className="select-scroll">▲</RSelect.ScrollUpButton>
          <RSelect.Viewport className="select-viewport">
            {options.map((o) => (
              <RSelect.Item key={o.value} value={encode(o.value)} disabled={o.disabled} className="select-item" data-value={o.value}
                textValue={o.textValue ?? (typeof o.label === 'string' ? o.label : undefined)}>
                <RSelect.ItemIndicator className="select-check"><Check size={13} aria-hidden /></RSelect.ItemIndicator>
                <RSelect.ItemText>{o.label}</RSelect.ItemText>
              </RSelect.Item>
            ))}
          </RSelect.Viewport>
          <RSelect.ScrollDownButton className="select-scroll">▼</RSelect.ScrollDownButton>
        </RSelect.Content>
      </RSelect.Portal>
    </RSelect.Root>
  );
}

/** Options from plain strings, each its own label. */
export const optionsOf = <T extends string>(values: readonly T[]): SelectOption<T>[] => values.map((v) => ({ value: v, label: v }));
