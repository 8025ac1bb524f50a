import { useEffect, useState } from 'react';

/**
 * Search (highlighted in place, Enter / Shift+Enter walk the hits) and the filter box: JSONPath
 * for JSON, XPath for XML. Both are applied by the owner; this is only the controls.
 */
export function BodyTools({ filterKind, onSearch, hits, total, index, onStep, onFilter, filterError, filterNote }: {
  filterKind: 'jsonpath' | 'xpath' | undefined;
  onSearch: (q: string) => void;
  hits: number; total: number; index: number;
  onStep: (delta: 1 | -1) => void;
  onFilter: (expr: string) => void;
  filterError: string | undefined;
  filterNote: string | undefined;
}) {
  const [q, setQ] = useState('');
  const [expr, setExpr] = useState('');
  // Searching a 50 MB body takes the worker a moment: it starts when typing pauses.
  useEffect(() => { const t = setTimeout(() => onSearch(q), 200); return () => clearTimeout(t); }, [q, onSearch]);
  return (
    <div className="body-tools">
      <input type="search" aria-label="Search the body" placeholder="Search the body" value={q} onChange={(e) => setQ(e.target.value)}
        onKeyDown={(e) => { if (e.key === 'Enter') onStep(e.shiftKey ? -1 : 1); }} />
      <span className="count" role="status" aria-label="Search hits">
        {q === '' ? '' : total === 0 ? 'no match' : `${index + 1} of ${total}${total > hits ? ` (first ${hits} listed)` : ''}`}
      </span>
      <button type="button" aria-label="Previous hit" disabled={total === 0} onClick={() => onStep(-1)}>↑</button>
      <button type="button" aria-label="Next hit" disabled={total === 0} onClick={() => onStep(1)}>↓</button>
      {filterKind && (
        <form onSubmit={(e) => { e.preventDefault(); onFilter(expr); }} style={{ display: 'contents' }}>
          <input className="filter" aria-label={filterKind === 'jsonpath' ? 'JSONPath filter' : 'XPath filter'} placeholder={filterKind === 'jsonpath' ? 'JSONPath, e.g. $.items[*].id (Enter)' : 'XPath, e.g. //item/@id (Enter)'}
            value={expr} onChange={(e) => { setExpr(e.target.value); if (e.target.value === '') onFilter(''); }} />
          {filterNote && <span className="count" aria-label="Filter result">{filterNote}</span>}
        </form>
      )}
      {filterError && <p className="filter-error" role="alert">{filterError}</p>}
    </div>
  );
}
