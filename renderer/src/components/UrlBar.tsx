import { useMemo, useRef, useState, type ClipboardEvent, type KeyboardEvent } from 'react';
import type { VariableInfo } from '../../../shared/ipc';
import { variableSpans } from '../lib/url-params';

export interface UrlBarProps {
  value: string;
  onChange: (value: string) => void;
  variables: readonly VariableInfo[];
  /** A pasted cURL command: the editor turns it into a request instead of a URL. */
  onPasteCurl: (text: string) => void;
  onSend: () => void;
}

/**
 * The URL input with {{variable}} highlighting drawn on a layer behind the text (same font and
 * padding), a hover card per variable naming its value and scope, and autocomplete after "{{".
 */
export function UrlBar({ value, onChange, variables, onPasteCurl, onSend }: UrlBarProps) {
  const input = useRef<HTMLInputElement>(null);
  const [hover, setHover] = useState<{ name: string; x: number } | undefined>();
  const [suggest, setSuggest] = useState<{ prefix: string; at: number; index: number } | undefined>();
  const byName = useMemo(() => new Map(variables.map((v) => [v.name, v])), [variables]);
  const spans = variableSpans(value);
  const options = suggest ? variables.filter((v) => v.name.toLowerCase().startsWith(suggest.prefix.toLowerCase())).slice(0, 8) : [];

  const segments: { text: string; name?: string | undefined }[] = [];
  let pos = 0;
  for (const s of spans) {
    if (s.start > pos) segments.push({ text: value.slice(pos, s.start) });
    segments.push({ text: value.slice(s.start, s.end), name: s.name });
    pos = s.end;
  }
  if (pos < value.length) segments.push({ text: value.slice(pos) });

  const update = (next: string, caret: number): void => {
    onChange(next);
    const before = next.slice(0, caret);
    const open = before.lastIndexOf('{{');
    if (open >= 0 && !before.slice(open).includes('}}')) setSuggest({ prefix: before.slice(open + 2), at: open, index: 0 });
    else setSuggest(undefined);
  };

  const pick = (name: string): void => {
    if (!suggest) return;
    const caret = input.current?.selectionStart ?? value.length;
    const rest = value.slice(caret).replace(/^[^{}\s/?&]*\}?\}?/, '');
    const next = `${value.slice(0, suggest.at)}{{${name}}}${rest}`;
    onChange(next);
    setSuggest(undefined);
    requestAnimationFrame(() => input.current?.setSelectionRange(suggest.at + name.length + 4, suggest.at + name.length + 4));
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (suggest && options.length > 0) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const d = e.key === 'ArrowDown' ? 1 : -1;
        setSuggest({ ...suggest, index: (suggest.index + d + options.length) % options.length });
        return;
      }
      if (e.key === 'Enter' || e.key === 'Tab') {
        e.preventDefault();
        pick(options[suggest.index]?.name ?? '');
        return;
      }
      if (e.key === 'Escape') return setSuggest(undefined);
    }
    if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey) onSend();
  };

  const onPaste = (e: ClipboardEvent<HTMLInputElement>): void => {
    const text = e.clipboardData.getData('text');
    if (/^\s*curl\s/i.test(text)) {
      e.preventDefault();
      onPasteCurl(text);
    }
  };

  const info = hover ? byName.get(hover.name) : undefined;
  return (
    <div className="urlbar">
      <div className="urlbar-layer" aria-hidden="true">
        {segments.map((s, i) => s.name === undefined ? <span key={i}>{s.text}</span> : (
          <span key={i} className={byName.has(s.name) ? 'var known' : 'var unknown'}
            onMouseEnter={(e) => setHover({ name: s.name ?? '', x: e.currentTarget.offsetLeft })}
            onMouseLeave={() => setHover(undefined)}
            onMouseDown={(e) => { e.preventDefault(); input.current?.focus(); }}>{s.text}</span>
        ))}
      </div>
      <input ref={input} aria-label="URL" value={value} spellCheck={false} autoComplete="off" placeholder="https://api.example.com/path or paste a cURL command"
        role="combobox" aria-expanded={options.length > 0} aria-controls="url-variables" aria-autocomplete="list"
        onChange={(e) => update(e.target.value, e.target.selectionStart ?? e.target.value.length)}
        onKeyDown={onKeyDown} onPaste={onPaste} onBlur={() => setTimeout(() => setSuggest(undefined), 150)} />
      {hover && (
        <div role="tooltip" className="var-card" style={{ left: hover.x }}>
          <strong>{hover.name}</strong>
          {info ? <> = <code>{info.value || '(empty)'}</code> <em>({info.scope}{info.secret ? ', secret' : ''}{info.missing ? ', no value stored' : ''})</em></> : <> is not defined in any scope</>}
        </div>
      )}
      {options.length > 0 && (
        <ul id="url-variables" role="listbox" aria-label="Variables" className="suggest">
          {options.map((v, i) => (
            <li key={v.name} role="option" aria-selected={i === suggest?.index} onMouseDown={(e) => { e.preventDefault(); pick(v.name); }}>
              <code>{v.name}</code> <span className="muted">{v.scope}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
