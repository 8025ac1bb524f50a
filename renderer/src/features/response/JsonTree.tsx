import { memo, useEffect, useMemo, useState } from 'react';
import type { BodyDoc } from './body-client';
import type { TreeNode } from './body-protocol';

/**
 * The JSON body as a tree whose nodes are asked of the worker when expanded: a 50 MB array costs
 * the page one page of children (200 at a time), never the whole document.
 */
export function JsonTree({ doc, root }: { doc: BodyDoc; root: TreeNode['kind'] }) {
  return (
    <div className="json-tree" role="tree" aria-label="JSON tree">
      <ul role="group"><Node doc={doc} parent={ROOT} node={{ key: '$', kind: root, preview: '' }} initiallyOpen /></ul>
    </div>
  );
}

const ROOT: (string | number)[] = [];

/**
 * Memoised, with props that keep their identity (the parent's path, the node from the page of
 * children): showing 200 more children renders those 200, not the ones already shown again.
 */
const Node = memo(function Node({ doc, parent, node, initiallyOpen = false }: { doc: BodyDoc; parent: (string | number)[]; node: TreeNode; initiallyOpen?: boolean }) {
  // The root (the one node open from the start) is the document itself: its path is empty.
  const path = useMemo(() => (initiallyOpen ? ROOT : [...parent, node.key]), [parent, node.key, initiallyOpen]);
  const container = node.kind === 'object' || node.kind === 'array';
  const [open, setOpen] = useState(false);
  const [children, setChildren] = useState<TreeNode[] | undefined>();
  const [size, setSize] = useState(0);
  const load = async (offset: number): Promise<void> => {
    const r = await doc.ask({ type: 'children', path, offset }, 'children');
    setSize(r.size);
    setChildren((c) => [...(offset === 0 ? [] : c ?? []), ...r.children]);
  };
  const toggle = (): void => {
    if (!open && children === undefined) void load(0);
    setOpen(!open);
  };
  useEffect(() => {
    if (initiallyOpen && container) { setOpen(true); void load(0); }
    // Only the root opens by itself, once.
  }, []);
  const label = typeof node.key === 'number' ? `[${node.key}]` : node.key;
  return (
    <li role="treeitem" aria-expanded={container ? open : undefined} aria-label={String(label)}>
      {container ? <button type="button" className="toggle" onClick={toggle} aria-label={`${open ? 'Collapse' : 'Expand'} ${label}`}>{open ? '▾' : '▸'}</button> : <span className="toggle"> </span>}
      <span className="k">{label}</span>{': '}
      {container ? <span className="summary">{node.kind === 'array' ? 'array' : 'object'} {node.preview}</span>
        : <span className={node.kind === 'string' ? 'str' : node.kind === 'number' ? 'num' : 'lit'}>{node.preview}</span>}
      {open && children && (
        <ul role="group">
          {children.map((c) => <Node key={String(c.key)} doc={doc} parent={path} node={c} />)}
          {children.length < size && <li><button type="button" className="link" onClick={() => void load(children.length)}>Show {Math.min(200, size - children.length)} more of {size - children.length}</button></li>}
        </ul>
      )}
    </li>
  );
});
