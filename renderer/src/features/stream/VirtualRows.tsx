import { useEffect, useRef, useState, type ReactNode } from 'react';

const OVERSCAN = 12;

export interface VirtualRowsProps<T> {
  label: string;
  items: readonly T[];
  rowHeight: number;
  render: (item: T, index: number, style: { top: number; height: number }) => ReactNode;
  /** Keeps the newest row in view while the user has not scrolled up (a live log's tail). */
  follow?: boolean | undefined;
}

/**
 * A list that puts only the rows in view (and a few more) in the DOM, so a 10,000-event stream
 * renders like a 40-row one: appending events costs the rows on screen, not the whole log.
 */
export function VirtualRows<T>({ label, items, rowHeight, render, follow }: VirtualRowsProps<T>) {
  const box = useRef<HTMLDivElement>(null);
  const [scroll, setScroll] = useState(0);
  const [height, setHeight] = useState(400);
  const atEnd = useRef(true);
  useEffect(() => {
    const el = box.current;
    if (!el) return undefined;
    const observer = new ResizeObserver(() => setHeight(el.clientHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  useEffect(() => {
    const el = box.current;
    if (follow && el && atEnd.current) el.scrollTop = el.scrollHeight;
  }, [items.length, follow]);
  const first = Math.max(0, Math.floor(scroll / rowHeight) - OVERSCAN);
  const last = Math.min(items.length, Math.ceil((scroll + height) / rowHeight) + OVERSCAN);
  return (
    <div ref={box} className="stream-rows" role="listbox" aria-label={label} tabIndex={0}
      onScroll={(e) => {
        const el = e.currentTarget;
        atEnd.current = el.scrollTop + el.clientHeight >= el.scrollHeight - rowHeight;
        setScroll(el.scrollTop);
      }}>
      <div style={{ height: items.length * rowHeight, position: 'relative' }}>
        {items.slice(first, last).map((it, k) => render(it, first + k, { top: (first + k) * rowHeight, height: rowHeight }))}
      </div>
    </div>
  );
}
