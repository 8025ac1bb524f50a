import { useEffect, useState } from 'react';
import { useStore } from '../lib/store';
import { ui } from '../state/ui';

/**
 * The app's notices ("Saved …", "Exported to …") shown for a few seconds in a corner and read by
 * screen readers as they come (role=status); a click dismisses one at once.
 */
export function Toast() {
  const notice = useStore(ui, (s) => s.notice);
  const [shown, setShown] = useState<string | undefined>();
  useEffect(() => {
    if (!notice) return undefined;
    setShown(notice);
    const t = setTimeout(() => setShown(undefined), 4_000);
    return () => clearTimeout(t);
  }, [notice]);
  return (
    <div className="toast-area" role="status" aria-live="polite">
      {shown && <button type="button" className="toast" onClick={() => setShown(undefined)} title="Dismiss">{shown}</button>}
    </div>
  );
}
