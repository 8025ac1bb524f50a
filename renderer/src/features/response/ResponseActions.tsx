import { useState } from 'react';
import { CookieManager } from '../cookies/CookieManager';
import { CodeDialog } from './CodeDialog';
import { copyAsCurl, type CodeSource } from './code-source';
import './response.css';

/** Copy as cURL and Generate code for a tab's request or a history entry; the cookie jar for a tab. */
export function CodeActions({ source }: { source: CodeSource }) {
  const [open, setOpen] = useState(false);
  const [told, setTold] = useState('');
  const copy = (): void => { void copyAsCurl(source).then((m) => { setTold(m); setTimeout(() => setTold(''), 4000); }); };
  return (
    <span className="chips code-actions">
      <button type="button" onClick={copy} title="Copy the request as a cURL command">Copy as cURL</button>
      <button type="button" onClick={() => setOpen(true)} title="The request as code: cURL, HTTPie, Python, JavaScript, Node, Go, Java, C#">Generate code</button>
      <span role="status" className="muted" aria-label="Copy result">{told}</span>
      {open && <CodeDialog source={source} onClose={() => setOpen(false)} />}
    </span>
  );
}

export function ManageCookiesButton({ collectionId }: { collectionId: string | undefined }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>Manage cookies…</button>
      {open && <CookieManager collectionId={collectionId} onClose={() => setOpen(false)} />}
    </>
  );
}
