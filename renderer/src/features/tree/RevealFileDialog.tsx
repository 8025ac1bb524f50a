import { Copy } from 'lucide-react';
import { useState } from 'react';
import { useStore } from '../../lib/store';
import { Button, Modal } from '../../ui';
import { revealed } from './reveal';

/** Where an item's file is, to copy: the browser mode's "Reveal file". */
export function RevealFileDialog() {
  const file = useStore(revealed, (s) => s);
  const [told, setTold] = useState('');
  if (!file) return null;
  const close = (): void => { setTold(''); revealed.set(undefined); };
  const copy = (): void => {
    navigator.clipboard.writeText(file.path).then(() => setTold('Path copied'), (e: unknown) => setTold(`Could not copy: ${String(e)}`));
  };
  return (
    <Modal title={`File of "${file.name}"`} description="A browser cannot open your file manager: this is where the file is." onCancel={close}>
      <div className="row">
        <code className="grow reveal-path" aria-label="File path">{file.path}</code>
        <Button variant="primary" onClick={copy} autoFocus><Copy size={14} aria-hidden /> Copy path</Button>
      </div>
      <p role="status" className="muted">{told}</p>
      <div className="row end"><Button onClick={close}>Close</Button></div>
    </Modal>
  );
}
