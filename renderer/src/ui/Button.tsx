import { forwardRef, type ButtonHTMLAttributes, type ReactNode } from 'react';
import { Tooltip, withShortcut } from './Tooltip';

export type ButtonVariant = 'default' | 'primary' | 'danger' | 'ghost' | 'link';

export interface ButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'type'> {
  variant?: ButtonVariant | undefined;
  /** 'submit' only inside a form that should submit on it. */
  type?: 'button' | 'submit' | undefined;
}

/** The kit's button: one look for every action, in a few variants. */
export const Button = forwardRef<HTMLButtonElement, ButtonProps>(function Button({ variant = 'default', type = 'button', className, ...rest }, ref) {
  const classes = ['btn', variant === 'default' ? '' : variant, className].filter(Boolean).join(' ');
  return <button ref={ref} type={type} className={classes} {...rest} />;
});

export interface IconButtonProps extends Omit<ButtonProps, 'aria-label' | 'children' | 'title'> {
  /** The action's name: the accessible name and the tooltip. */
  label: string;
  /** The command table's shortcut for it (`shortcutOf(id)` in features/palette/commands), shown in the tooltip. */
  shortcut?: string | undefined;
  icon: ReactNode;
}

/** A button that shows only an icon: named for screen readers, with a tooltip naming it and its shortcut. */
export const IconButton = forwardRef<HTMLButtonElement, IconButtonProps>(function IconButton({ label, shortcut, icon, variant = 'ghost', className, ...rest }, ref) {
  return (
    <Tooltip content={withShortcut(label, shortcut)}>
      <Button ref={ref} variant={variant} className={['icon', className].filter(Boolean).join(' ')} aria-label={label} {...rest}>{icon}</Button>
    </Tooltip>
  );
});
