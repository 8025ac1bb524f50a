import { useEffect, useId, useRef, type KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';

export interface ConfirmDialogProps {
  title: string;
  text: string;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * An in-app yes/no question (Electron has no window.confirm): Esc cancels, Enter confirms unless
 * another button has the focus, and Tab stays inside the dialog while it is open. It is drawn in
 * document.body: the panels that ask (the sidebar) contain their layout and paint, which would
 * clip a fixed dialog to them.
 */
export function ConfirmDialog({ title, text, confirmLabel, onConfirm, onCancel }: ConfirmDialogProps) {
  const id = useId();
  const box = useRef<HTMLDivElement>(null);
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => { confirm.current?.focus(); }, []);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (e.key === 'Escape') {
      e.preventDefault();
      onCancel();
    } else if (e.key === 'Enter' && !(e.target instanceof HTMLButtonElement && e.target !== confirm.current)) {
      e.preventDefault();
      onConfirm();
    } else if (e.key === 'Tab') {
      const buttons = [...(box.current?.querySelectorAll('button') ?? [])];
      const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
      const next = buttons[(at + (e.shiftKey ? -1 : 1) + buttons.length) % buttons.length];
      if (next) {
        e.preventDefault();
        next.focus();
      }
    }
  };

  return createPortal(
    <div ref={box} role="dialog" aria-modal="true" aria-labelledby={`${id}-title`} aria-describedby={`${id}-text`} className="dialog" onKeyDown={onKeyDown}>
      <h2 id={`${id}-title`}>{title}</h2>
      <p id={`${id}-text`}>{text}</p>
      <div className="row">
        <button type="button" onClick={onCancel}>Cancel</button>
        <button ref={confirm} type="button" className="danger" onClick={onConfirm}>{confirmLabel}</button>
      </div>
    </div>,
    document.body,
  );
}
