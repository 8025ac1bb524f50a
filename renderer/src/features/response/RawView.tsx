import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { BodyDoc } from './body-client';
import { BLOCK } from './body-protocol';

const LINE = 18;
/**
 * Browsers cap an element's height (Chromium near 33.5 million px): a 50 MB body pretty-printed
 * has millions of lines, so past this height the scrollbar maps onto the lines proportionally.
 */
const MAX_HEIGHT = 8_000_000;

/**
 * A virtualised text view over a worker-held body: only the lines on screen (and a block around
 * them) exist in the page, fetched from the worker as the user scrolls; search hits are marked in
 * place. Works the same at 50 bytes and 50 MB.
 */
export function RawView({ doc, view, lineCount, head, query, current, label }: {
  doc: BodyDoc; view: string; lineCount: number; query: string;
  /** The first block of lines, when the worker sent it along with the count: shown without asking. */
  head?: string[] | undefined;
  /** The focused hit, scrolled into view and marked apart from the rest. */
  current: [number, number] | undefined;
  label: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [top, setTop] = useState(0);
  const [height, setHeight] = useState(600);
  const [blocks, setBlocks] = useState<Map<number, string[]>>(() => new Map(head ? [[0, head]] : []));

  // More lines arrive while a large body loads: the last block may have grown, the place is kept.
  useEffect(() => { setBlocks(new Map(head ? [[0, head]] : [])); }, [doc, view, lineCount, head]);
  useEffect(() => { box.current?.scrollTo({ top: 0 }); }, [doc, view]);
  useEffect(() => {
    const el = box.current;
    if (!el) return undefined;
    const ro = new ResizeObserver(() => setHeight(el.clientHeight || 600));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const full = lineCount * LINE;
  const spacer = Math.min(full, MAX_HEIGHT);
  // Pixels of text per pixel of scrollbar: 1 until the cap, more past it.
  const scale = full > spacer && spacer > height ? (full - height) / (spacer - height) : 1;
  const offset = top * scale;
  const first = Math.max(0, Math.floor(offset / LINE) - 20);
  const last = Math.min(lineCount, Math.ceil((offset + height) / LINE) + 20);
  useEffect(() => {
    let live = true;
    for (let b = Math.floor(first / BLOCK); b * BLOCK < last; b++) {
      if (blocks.has(b)) continue;
      void doc.ask({ type: 'lines', view, from: b * BLOCK, count: BLOCK }, 'lines').then((r) => {
        if (live) setBlocks((m) => new Map(m).set(b, r.lines));
      });
    }
    return () => { live = false; };
  }, [doc, view, first, last, blocks]);

  useEffect(() => {
    const el = box.current;
    if (!el || !current) return;
    const y = current[0] * LINE;
    const shownFrom = el.scrollTop * scale;
    if (y < shownFrom || y > shownFrom + el.clientHeight - LINE * 2) el.scrollTop = Math.max(0, (y - el.clientHeight / 3) / scale);
  }, [current, scale]);

  const rows: ReactNode[] = [];
  for (let i = first; i < last; i++) {
    const text = blocks.get(Math.floor(i / BLOCK))?.[i % BLOCK];
    rows.push(
      <div key={i} className="line" style={{ top: top + i * LINE - offset }} role="listitem" data-line={i + 1}>
        <span className="ln" aria-hidden="true">{i + 1}</span>
        {text === undefined ? '' : marked(text, query, current && current[0] === i ? current[1] : -1)}
      </div>,
    );
  }
  return (
    <div ref={box} className="raw-view" tabIndex={0} aria-label={label} role="list" aria-rowcount={lineCount} onScroll={(e) => setTop(e.currentTarget.scrollTop)}>
      <div style={{ height: spacer, position: 'relative' }}>{rows}</div>
    </div>
  );
}

function marked(text: string, query: string, currentCol: number): ReactNode {
  if (query === '') return text;
  const lower = text.toLowerCase();
  const q = query.toLowerCase();
  const out: ReactNode[] = [];
  let last = 0;
  for (let i = lower.indexOf(q); i !== -1; i = lower.indexOf(q, i + q.length)) {
    if (i > last) out.push(text.slice(last, i));
    out.push(<mark key={i} className={i === currentCol ? 'hit current' : 'hit'}>{text.slice(i, i + q.length)}</mark>);
    last = i + q.length;
  }
  if (last === 0) return text;
  out.push(text.slice(last));
  return out;
}
