import { useEffect } from 'react';
import { useParentPanel } from 'react-resizable-panels';

/**
 * Collapses the panel around the caller (the inspector's Panel in App) when it has nothing to
 * show, and opens it again when it has: only on a change, so a user who drags it open or shut
 * keeps that until there is something new. Outside a Panel it does nothing.
 */
export function useCollapseWhenEmpty(hasContent: boolean): void {
  const panel = useParentPanel();
  useEffect(() => {
    if (!panel) return;
    if (hasContent && panel.isCollapsed()) panel.expand();
    else if (!hasContent && !panel.isCollapsed()) panel.collapse();
    // Not on every render (that would undo the user's own drag): on changes of hasContent only.
  }, [hasContent]);
}
