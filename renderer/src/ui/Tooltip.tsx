import * as RTooltip from '@radix-ui/react-tooltip';
import type { ReactElement, ReactNode } from 'react';

/**
 * A tooltip on hover and on keyboard focus (Radix Tooltip). The child must take a ref and props
 * (a button, a link). Each carries its own provider, so a tooltip works wherever it is put.
 */
export function Tooltip({ content, children, side = 'bottom' }: { content: ReactNode; children: ReactElement; side?: 'top' | 'bottom' | 'left' | 'right' }) {
  return (
    <RTooltip.Provider delayDuration={350} skipDelayDuration={200}>
      <RTooltip.Root>
        <RTooltip.Trigger asChild>{children}</RTooltip.Trigger>
        <RTooltip.Portal>
          <RTooltip.Content className="tooltip" side={side} sideOffset={4} collisionPadding={8}>{content}</RTooltip.Content>
        </RTooltip.Portal>
      </RTooltip.Root>
    </RTooltip.Provider>
  );
}

/**
 * "Rename" or "Rename (F2)": an action's name with its shortcut, as tooltips and menus show it. A
 * shortcut that brings its own note in brackets ("Ctrl+T (Ctrl+Alt+T in a browser)") follows a comma.
 */
export const withShortcut = (label: string, shortcut?: string): string => {
  if (!shortcut) return label;
  return shortcut.includes('(') ? `${label}, ${shortcut}` : `${label} (${shortcut})`;
};
