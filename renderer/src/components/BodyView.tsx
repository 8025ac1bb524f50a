import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ShownExchange } from '../../../shared/ipc';
import { api, isBrowserMode } from '../lib/api';
import { bodyBlob, bodyBytes, formatBytes, headerOf, kindOf, MONACO_LIMIT } from '../lib/body';
import { CodeEditor } from './CodeEditor';
import { BodyDoc } from '../features/response/body-client';
import type { TreeNode } from '../features/response/body-protocol';
import { BodyTools } from '../features/response/BodyTools';
import { JsonTree } from '../features/response/JsonTree';
import { RawView } from '../features/response/RawView';
import { xpathFilter } from '../features/response/xpath';
import { errorText } from '../features/response/code-source';
import '../features/response/response.css';

type Mode = 'pretty' | 'raw' | 'tree' | 'preview';

/**
 * The response body. The whole body, at any size, is held by a worker (features/response):
 * raw and pretty views are virtualised and searchable, JSON has a lazily expanded tree and a
 * JSONPath filter, XML an XPath filter. Small pretty JSON is shown in Monaco (folding, Ctrl+F);
 * HTML and images have a preview (sandboxed frame with no scripts).
 */
export function BodyView({ exchange }: { exchange: ShownExchange }) {
  const kind = kindOf(exchange);
  const size = exchange.response.bodySizeDecoded;
  const [mode, setMode] = useState<Mode>(kind === 'json' ? 'pretty' : kind === 'image' ? 'preview' : 'raw');
  const [doc, setDoc] = useState<BodyDoc | undefined>();
  const [raw, setRaw] = useState<{ lines: number; head: string[] } | undefined>();
  const [pretty, setPretty] = useState<{ lines: number; root: TreeNode['kind'] } | { error: string } | undefined>();
  const [monacoText, setMonacoText] = useState<string | undefined>();
  const [previewText, setPreviewText] = useState<string | undefined>();
  const [imageUrl, setImageUrl] = useState<string | undefined>();
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<{ list: [number, number][]; total: number; index: number }>({ list: [], total: 0, index: 0 });
  const [filtered, setFiltered] = useState<{ lines: number; note: string; version: number } | undefined>();
  const [filterError, setFilterError] = useState<string | undefined>();
  // The engine keeps the last 100 responses: an older one's body can no longer be read.
  const [unreadable, setUnreadable] = useState<string | undefined>();

  useEffect(() => {
    let live = true;
    const d = new BodyDoc();
    setDoc(d); setRaw(undefined); setPretty(undefined); setMonacoText(undefined); setFiltered(undefined); setFilterError(undefined); setUnreadable(undefined);
    const failed = (e: unknown): void => { if (live) setUnreadable(errorText(e)); };
    if (kind !== 'binary' && kind !== 'image') {
      void d.load(exchange, kind === 'json', (lines, head) => { if (live) setRaw({ lines, head }); }).then((p) => {
        if (!live) return;
        setPretty(p.error !== undefined ? { error: p.error } : p.lines !== undefined && p.root ? { lines: p.lines, root: p.root } : undefined);
        if (p.error !== undefined) setMode((m) => (m === 'pretty' || m === 'tree' ? 'raw' : m));
      }, failed);
    }
    // Small bodies also go to Monaco (pretty JSON) or the preview; those need the text on the page.
    const wantsText = (kind === 'json' && size <= MONACO_LIMIT) || kind === 'html' || kind === 'image' || kind === 'xml';
    if (wantsText && size <= MONACO_LIMIT * 4) {
      void bodyBytes(exchange, MONACO_LIMIT * 4).then(({ bytes }) => {
        if (!live) return;
        if (kind === 'image') { setImageUrl(URL.createObjectURL(new Blob([bytes as BlobPart], { type: headerOf(exchange, 'content-type') }))); return; }
        const t = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
        setPreviewText(t);
        if (kind === 'json' && size <= MONACO_LIMIT) {
          try { setMonacoText(JSON.stringify(JSON.parse(t), null, 2)); } catch { setMonacoText(undefined); }
        }
      }, failed);
    }
    return () => { live = false; d.close(); };
  }, [exchange, kind, size]);

  useEffect(() => () => { if (imageUrl) URL.revokeObjectURL(imageUrl); }, [imageUrl]);

  const view = filtered ? 'filtered' : mode === 'pretty' && pretty && 'lines' in pretty ? 'pretty' : 'raw';
  const lineCount = view === 'filtered' ? filtered?.lines : view === 'pretty' && pretty && 'lines' in pretty ? pretty.lines : raw?.lines;

  const onSearch = useCallback((q: string) => {
    setQuery(q);
    if (!doc || q === '') { setHits({ list: [], total: 0, index: 0 }); return; }
    void doc.ask({ type: 'search', view, query: q }, 'search').then((r) => setHits({ list: r.hits, total: r.total, index: 0 }));
  }, [doc, view]);

  const onFilter = (expr: string): void => {
    setFilterError(undefined);
    if (!doc || expr.trim() === '') { setFiltered(undefined); return; }
    if (kind === 'xml') {
      try {
        const r = xpathFilter(previewText ?? '', expr);
        void doc.ask({ type: 'set-view', view: 'filtered', text: r.text, matches: r.matches }, 'filter').then((x) => setFiltered((f) => ({ lines: x.lines ?? 0, note: `${r.matches} match${r.matches === 1 ? '' : 'es'}`, version: (f?.version ?? 0) + 1 })));
      } catch (e) { setFilterError((e as Error).message); }
      return;
    }
    void doc.ask({ type: 'filter', expr }, 'filter').then((r) => {
      if (r.error !== undefined) { setFilterError(`JSONPath: ${r.error}`); return; }
      setFiltered((f) => ({ lines: r.lines ?? 0, note: `${r.matches ?? 0} match${r.matches === 1 ? '' : 'es'}`, version: (f?.version ?? 0) + 1 }));
    });
  };

  const saveToFile = async (): Promise<void> => {
    if (!isBrowserMode) return void api['exchange.saveBody']({ id: exchange.id }).catch((e: unknown) => setUnreadable(errorText(e)));
    let blob: Blob;
    try {
      blob = await bodyBlob(exchange, headerOf(exchange, 'content-type') ?? 'application/octet-stream');
    } catch (e) {
      setUnreadable(errorText(e));
      return;
    }
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `response-${exchange.id.slice(0, 8)}${kind === 'json' ? '.json' : kind === 'html' ? '.html' : '.txt'}`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  };

  const language = useMemo(() => (kind === 'json' ? 'json' : kind === 'html' ? 'html' : kind === 'xml' ? 'xml' : 'plaintext'), [kind]);
  const current = hits.list[hits.index];
  const useMonaco = mode === 'pretty' && !filtered && query === '' && monacoText !== undefined;
  const disabled = (m: Mode): string | undefined =>
    m === 'pretty' ? (kind !== 'json' ? 'Pretty printing is for JSON bodies' : pretty && 'error' in pretty ? `Not valid JSON: ${pretty.error}` : undefined)
      : m === 'tree' ? (kind !== 'json' ? 'The tree is for JSON bodies' : pretty && 'error' in pretty ? 'Not valid JSON' : undefined)
        : m === 'preview' ? (kind !== 'html' && kind !== 'image' ? 'Preview is for HTML and images' : kind === 'html' && previewText === undefined ? 'This HTML is too large to preview' : undefined) : undefined;
  return (
    <div className="body-view">
      <div className="row">
        <div role="radiogroup" aria-label="Body view">
          {(['pretty', 'raw', 'preview', 'tree'] as const).map((m) => (
            <label key={m} title={disabled(m)}><input type="radio" name={`body-view-${exchange.id}`} checked={mode === m} disabled={disabled(m) !== undefined} onChange={() => setMode(m)} /> {m}</label>
          ))}
        </div>
        {mode === 'pretty' && kind === 'json' && pretty === undefined && !useMonaco && unreadable === undefined && <span className="muted" role="status">Formatting… (raw text shown meanwhile)</span>}
        <span className="muted">{formatBytes(size)}{lineCount !== undefined && mode !== 'tree' && mode !== 'preview' ? ` · ${lineCount.toLocaleString()} line${lineCount === 1 ? '' : 's'}` : ''}</span>
        {unreadable === undefined && <button type="button" onClick={() => void saveToFile()}>Save to file</button>}
      </div>
      {mode !== 'preview' && mode !== 'tree' && kind !== 'binary' && unreadable === undefined && (
        <BodyTools filterKind={kind === 'json' ? 'jsonpath' : kind === 'xml' ? 'xpath' : undefined} onSearch={onSearch}
          hits={hits.list.length} total={hits.total} index={hits.index}
          onStep={(d) => setHits((h) => (h.list.length === 0 ? h : { ...h, index: (h.index + d + h.list.length) % h.list.length }))}
          onFilter={onFilter} filterError={filterError} filterNote={filtered?.note} />
      )}
      {unreadable !== undefined ? <div role="alert" className="error-card">The body could not be read: {unreadable}</div>
        : mode === 'preview' && kind === 'html' ? <iframe title="HTML preview" sandbox="" srcDoc={previewText} className="preview" />
        : mode === 'preview' && kind === 'image' ? <img alt="Response image" src={imageUrl} className="preview-img" />
        : kind === 'binary' ? <p>{formatBytes(size)} of binary data ({headerOf(exchange, 'content-type')}). Save it to a file to open it.</p>
        : mode === 'tree' && doc && pretty && 'root' in pretty ? <JsonTree doc={doc} root={pretty.root} />
        : useMonaco ? <CodeEditor label="Response body" language={language} value={monacoText} readOnly height="100%" />
        : doc && lineCount !== undefined
          ? <RawView key={`${view}-${filtered?.version ?? 0}`} doc={doc} view={view} lineCount={lineCount} head={view === 'raw' ? raw?.head : undefined} query={query} current={current} label={view === 'filtered' ? 'Filtered body' : 'Response body'} />
          : <p aria-busy="true">Loading body…</p>}
    </div>
  );
}
