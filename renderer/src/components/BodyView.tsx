import { useEffect, useMemo, useState } from 'react';
import type { Exchange } from '../../../shared/model';
import { api, isBrowserMode } from '../lib/api';
import { bodyBlob, bodyBytes, formatBytes, headerOf, kindOf, prettyJson, PREVIEW_BYTES, PRETTY_LIMIT } from '../lib/body';
import { CodeEditor } from './CodeEditor';

type Mode = 'pretty' | 'raw' | 'preview';

/**
 * The response body: pretty JSON (formatted in a worker), raw, or a preview (HTML in a sandboxed
 * frame with no scripts; images). Past PRETTY_LIMIT only the first window is loaded and shown raw,
 * with the whole body one click away as a file.
 */
export function BodyView({ exchange }: { exchange: Exchange }) {
  const kind = kindOf(exchange);
  const size = exchange.response.bodySizeDecoded;
  const large = size > PRETTY_LIMIT;
  const [mode, setMode] = useState<Mode>(kind === 'json' && !large ? 'pretty' : kind === 'image' ? 'preview' : 'raw');
  const [text, setText] = useState<string | undefined>();
  const [pretty, setPretty] = useState<string | undefined>();
  const [imageUrl, setImageUrl] = useState<string | undefined>();

  useEffect(() => {
    let live = true;
    setText(undefined);
    setPretty(undefined);
    void bodyBytes(exchange, large ? PREVIEW_BYTES : PRETTY_LIMIT).then(({ bytes }) => {
      if (!live) return;
      const t = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
      setText(t);
      if (kind === 'json' && !large) void prettyJson(t).then((p) => { if (live) setPretty(p); });
      if (kind === 'image') setImageUrl(URL.createObjectURL(new Blob([bytes as BlobPart], { type: headerOf(exchange, 'content-type') })));
    });
    return () => { live = false; };
  }, [exchange, kind, large]);

  useEffect(() => () => { if (imageUrl) URL.revokeObjectURL(imageUrl); }, [imageUrl]);

  const saveToFile = async (): Promise<void> => {
    if (!isBrowserMode) return void api['exchange.saveBody']({ id: exchange.id });
    const blob = await bodyBlob(exchange, headerOf(exchange, 'content-type') ?? 'application/octet-stream');
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `response-${exchange.id.slice(0, 8)}${kind === 'json' ? '.json' : kind === 'html' ? '.html' : '.txt'}`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  };

  const shown = mode === 'pretty' ? (pretty ?? text) : text;
  const language = useMemo(() => (kind === 'json' ? 'json' : kind === 'html' ? 'html' : kind === 'xml' ? 'xml' : 'plaintext'), [kind]);
  return (
    <div className="body-view">
      <div className="row">
        <div role="radiogroup" aria-label="Body view">
          {(['pretty', 'raw', 'preview'] as const).map((m) => (
            <label key={m}><input type="radio" name="body-view" checked={mode === m} disabled={(m === 'pretty' && (kind !== 'json' || large)) || (m === 'preview' && kind !== 'html' && kind !== 'image')} onChange={() => setMode(m)} /> {m}</label>
          ))}
        </div>
        <button type="button" onClick={() => void saveToFile()}>Save to file</button>
      </div>
      {large && (
        <p role="note" className="notice" aria-label="Large response">
          Showing the first {formatBytes(PREVIEW_BYTES)} of {formatBytes(size)}. Pretty printing is off for bodies over {formatBytes(PRETTY_LIMIT)}; save the body to a file to see all of it.
        </p>
      )}
      {text === undefined ? <p aria-busy="true">Loading body…</p>
        : mode === 'preview' && kind === 'html' ? <iframe title="HTML preview" sandbox="" srcDoc={text} className="preview" />
        : mode === 'preview' && kind === 'image' ? <img alt="Response image" src={imageUrl} className="preview-img" />
        : kind === 'binary' && !large ? <p>{formatBytes(size)} of binary data ({headerOf(exchange, 'content-type')}).</p>
        : <CodeEditor label="Response body" language={mode === 'raw' && kind === 'json' ? 'plaintext' : language} value={shown ?? ''} readOnly height="100%" />}
    </div>
  );
}
