import * as Dialog from '@radix-ui/react-dialog';
import type { ReactNode } from 'react';

export interface ModalProps {
  title: string;
  /** Shown under the title and read as the dialog's description. */
  description?: ReactNode;
  /** Esc, the close button and a click on the backdrop: the caller decides (it may ask first). */
  onCancel: () => void;
  children: ReactNode;
  wide?: boolean;
  /** 'alertdialog' for a question the user must answer (unsaved changes, a conflict). */
  role?: 'dialog' | 'alertdialog';
  /** Hides the header's close button where the dialog's own buttons say what closing means. */
  hideClose?: boolean;
}

/**
 * Every dialog of the app: modal, over a dimmed backdrop, focus kept inside while it is open and
 * given back where it was when it closes, Esc cancels. Radix's Dialog does the focus trap and the
 * ARIA wiring; this fixes the look and the one way to cancel.
 */
export function Modal({ title, description, onCancel, children, wide, role = 'dialog', hideClose }: ModalProps) {
  return (
    <Dialog.Root open onOpenChange={(open) => { if (!open) onCancel(); }}>
      <Dialog.Portal>
        <Dialog.Overlay className="backdrop" />
        <Dialog.Content className={`dialog${wide ? ' wide' : ''}`} role={role} aria-modal="true" {...(description ? {} : { 'aria-describedby': undefined })}>
          <header className="row">
            <Dialog.Title className="grow dialog-title">{title}</Dialog.Title>
            {!hideClose && <Dialog.Close className="icon" aria-label="Close">✕</Dialog.Close>}
          </header>
          {description && <Dialog.Description className="muted">{description}</Dialog.Description>}
          {children}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
