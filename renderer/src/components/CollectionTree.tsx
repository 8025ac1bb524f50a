import { useMemo, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import type { Item } from '../../../shared/model';
import { useStore } from '../lib/store';
import { visibleRows, type Row } from '../lib/tree';
import { methodLabel } from '../features/websocket/label';
import { openRequest } from '../state/tabs';
import { treeOps } from '../state/tree-ops';
import { layout, showView, toggleExpanded } from '../state/ui';
import { activeCollection, workspace } from '../state/workspace';
import { Copy, Pencil, Trash2 } from 'lucide-react';
import { TreeItemMenu } from './TreeItemMenu';
import { IconButton } from '../ui';

const ROW = 26;
const OVERSCAN = 10;

/**
 * The collection as a tree, virtualised: only the rows in view (plus a few) are in the DOM, so
 * 5,000 requests scroll like 50. Keyboard: arrows move, Right/Left expand/collapse, Enter opens,
 * F2 renames, Delete deletes (undoable), Shift+F10 opens the row's menu (as a right click does).
 * Drag a row onto a folder to move it inside, onto any other row to put it before that row.
 */
export function CollectionTree({ filter }: { filter: string }) {
  const wc = useStore(workspace, (s) => activeCollection(s));
  const expandedIds = useStore(layout, (s) => (wc ? s.expanded[wc.id] : undefined));
  const expanded = useMemo(() => new Set(expandedIds ?? []), [expandedIds]);
  const [focus, setFocus] = useState(0);
  const [scroll, setScroll] = useState(0);
  const [renaming, setRenaming] = useState<string | undefined>();
  const [dragging, setDragging] = useState<number[] | undefined>();
  const box = useRef<HTMLDivElement>(null);
  const rows = useMemo(() => visibleRows(wc?.collection.items ?? [], expanded, filter), [wc, expanded, filter]);
  if (!wc) return <p className="muted">No collection yet.</p>;
  const height = box.current?.clientHeight ?? 600;
  const first = Math.max(0, Math.floor(scroll / ROW) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((scroll + height) / ROW) + OVERSCAN);

  const toggle = (r: Row, open?: boolean): void => {
    if (r.item.id !== undefined) toggleExpanded(wc.id, r.item.id, open);
  };
  /** A single click opens a preview tab (replaced by the next one); Enter, a double click or an edit keeps it. */
  const activate = (r: Row, preview = false): void => {
    if (r.item.kind === 'folder') toggle(r);
    else {
      openRequest(wc.id, r.item, { preview });
      showView('requests');
    }
  };
  const onKey = (e: KeyboardEvent): void => {
    const r = rows[focus];
    if (!r || renaming) return;
    const moveTo = (i: number): void => {
      const n = Math.max(0, Math.min(rows.length - 1, i));
      setFocus(n);
      const el = box.current;
      if (el && (n * ROW < el.scrollTop || (n + 1) * ROW > el.scrollTop + el.clientHeight)) el.scrollTop = n * ROW - el.clientHeight / 2;
    };
    if (e.key === 'ArrowDown') moveTo(focus + 1);
    else if (e.key === 'ArrowUp') moveTo(focus - 1);
    else if (e.key === 'ArrowRight' && r.item.kind === 'folder') toggle(r, true);
    else if (e.key === 'ArrowLeft' && r.item.kind === 'folder') toggle(r, false);
    else if (e.key === 'Enter') activate(r);
    else if (e.key === 'F2') setRenaming(r.path.join('.'));
    else if (e.key === 'Delete') void treeOps.remove(wc.id, r.path);
    else if ((e.key === 'F10' && e.shiftKey) || e.key === 'ContextMenu') openMenuOf(r);
    else return;
    e.preventDefault();
  };
  // The keyboard's way to the row's menu: the menu opens on a contextmenu event at the row.
  const openMenuOf = (r: Row): void => {
    const el = document.getElementById(`row-${r.path.join('-')}`);
    const box = el?.getBoundingClientRect();
    if (!el || !box) return;
    el.dispatchEvent(new MouseEvent('contextmenu', { bubbles: true, cancelable: true, clientX: box.left + 24, clientY: box.bottom - 4 }));
  };
  const drop = (e: DragEvent, target: Row): void => {
    e.preventDefault();
    if (!dragging) return;
    if (target.item.kind === 'folder' && target.path.join('.') !== dragging.join('.')) void treeOps.move(wc.id, dragging, target.path, target.item.items.length);
    else void treeOps.move(wc.id, dragging, target.path.slice(0, -1), target.path[target.path.length - 1] ?? 0);
    setDragging(undefined);
  };

  return (
    <div ref={box} className="tree" role="tree" aria-label="Collections" tabIndex={0} onKeyDown={onKey}
      aria-activedescendant={rows[focus] ? `row-${rows[focus]?.path.join('-')}` : undefined}
      onScroll={(e) => setScroll(e.currentTarget.scrollTop)}>
      <div style={{ height: rows.length * ROW, position: 'relative' }}>
        {rows.slice(first, last).map((r, k) => {
          const i = first + k;
          const key = r.path.join('.');
          return (
            <TreeItemMenu key={key} collectionId={wc.id} row={r} onRename={() => setRenaming(key)}>
              <div id={`row-${r.path.join('-')}`} role="treeitem" aria-level={r.depth + 1} aria-selected={i === focus}
                aria-expanded={r.item.kind === 'folder' ? expanded.has(r.item.id ?? key) || filter !== '' : undefined}
                aria-label={r.item.kind === 'folder' ? r.item.name : `${methodLabel(r.item)} ${r.item.name}`}
                className={`tree-row ${i === focus ? 'focused' : ''}`} draggable onMouseEnter={(e) => titleWhenCut(e.currentTarget, r.item)}
                style={{ position: 'absolute', top: i * ROW, height: ROW, left: 0, right: 0, paddingLeft: 8 + r.depth * 14 }}
                onClick={() => { setFocus(i); activate(r, true); }} onDoubleClick={() => activate(r)}
                onContextMenu={() => setFocus(i)}
                onDragStart={() => setDragging(r.path)} onDragOver={(e) => e.preventDefault()} onDrop={(e) => drop(e, r)}>
                {renaming === key
                  ? <input autoFocus aria-label="New name" defaultValue={r.item.name} onBlur={(e) => {
                    setRenaming(undefined);
                    // Leaving the box without a change must not write the collection (and drop its sessions).
                    const name = e.target.value.trim();
                    if (name && name !== r.item.name) void treeOps.rename(wc.id, r.path, name);
                  }}
                    onKeyDown={(e) => { if (e.key === 'Enter') e.currentTarget.blur(); if (e.key === 'Escape') setRenaming(undefined); e.stopPropagation(); }} />
                  : <Label item={r.item} open={expanded.has(r.item.id ?? key)} />}
                <span className="row-actions">
                  <IconButton label={`Rename ${r.item.name}`} shortcut="F2" icon={<Pencil size={13} aria-hidden />} onClick={(e) => { e.stopPropagation(); setRenaming(key); }} />
                  <IconButton label={`Duplicate ${r.item.name}`} icon={<Copy size={13} aria-hidden />} onClick={(e) => { e.stopPropagation(); void treeOps.duplicate(wc.id, r.path); }} />
                  <IconButton label={`Delete ${r.item.name}`} shortcut="Del" icon={<Trash2 size={13} aria-hidden />} onClick={(e) => { e.stopPropagation(); void treeOps.remove(wc.id, r.path); }} />
                </span>
              </div>
            </TreeItemMenu>
          );
        })}
      </div>
    </div>
  );
}

/**
 * The row's name takes the row's whole width (its actions float over the end while hovered); a name
 * cut by the width gets the full name, and a request's URL, as its tooltip.
 */
function titleWhenCut(row: HTMLElement, item: Item): void {
  const name = row.querySelector<HTMLElement>('.tree-name');
  const label = row.querySelector<HTMLElement>('.tree-label');
  const cut = name !== null && label !== null && (name.scrollWidth > name.clientWidth || label.scrollWidth > label.clientWidth);
  if (cut) row.title = item.kind === 'folder' ? item.name : `${methodLabel(item)} ${item.name}\n${item.url}`;
  else row.removeAttribute('title');
}

function Label({ item, open }: { item: Item; open: boolean }) {
  if (item.kind === 'folder') return <span className="tree-label">{open ? '▾' : '▸'} <span className="tree-name">{item.name}</span></span>;
  const method = methodLabel(item);
  return <span className="tree-label"><span className={`method m-${method.toLowerCase()}`}>{method}</span> <span className="tree-name">{item.name}</span></span>;
}
