import { FileUp, X } from 'lucide-react';
import { useId, useRef, useState, type DragEvent } from 'react';

export interface FileDropProps {
  /** What the file is for ("Data file (CSV or JSON)"): the zone's visible name. */
  label: string;
  /** The chosen file's name (or path) to show; undefined when none is chosen. */
  fileName?: string | undefined;
  /** A file dropped, or picked with the browser's picker. */
  onFile: (file: File) => void;
  /**
   * Replaces the browser's picker on click (the desktop's native dialog, which gives a path the
   * engine can read); a drop still arrives through onFile.
   */
  onPick?: (() => void) | undefined;
  /** Offers to forget the chosen file. */
  onClear?: (() => void) | undefined;
  /** The file types the picker offers, as `<input accept>` takes them. */
  accept?: string | undefined;
  /** One line under the name: what fits here. */
  hint?: string | undefined;
  className?: string | undefined;
}

/**
 * The kit's file input: a zone that takes a dropped file, or opens the picker on click, Enter or
 * Space (it is a button), and shows the chosen file's name. In place of the browser's
 * "Choose File / No file chosen".
 */
export function FileDrop({ label, fileName, onFile, onPick, onClear, accept, hint, className }: FileDropProps) {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const hintId = useId();
  const drop = (e: DragEvent): void => {
    e.preventDefault();
    setOver(false);
    const f = e.dataTransfer.files[0];
    if (f) onFile(f);
  };
  return (
    <div className={['file-drop', over ? 'over' : '', className].filter(Boolean).join(' ')} data-file={fileName ?? ''}
      onDragOver={(e) => { e.preventDefault(); setOver(true); }} onDragLeave={() => setOver(false)} onDrop={drop}>
      <button type="button" className="file-drop-pick" aria-describedby={hint ? hintId : undefined}
        onClick={() => (onPick ? onPick() : input.current?.click())}>
        <FileUp size={16} aria-hidden />
        <span className="file-drop-text">
          <span className="file-drop-label">{label}</span>
          <span className={fileName ? 'file-drop-name' : 'file-drop-name muted'}>{fileName ?? 'Drop a file here, or click to choose'}</span>
        </span>
      </button>
      {hint && <span id={hintId} className="file-drop-hint muted">{hint}</span>}
      {fileName && onClear && (
        <button type="button" className="icon btn ghost" aria-label={`Remove ${fileName}`} onClick={onClear}><X size={14} aria-hidden /></button>
      )}
      {/* The browser's own picker, never shown: the button above opens it. */}
      <input ref={input} type="file" hidden tabIndex={-1} aria-hidden accept={accept}
        onChange={(e) => { const f = e.target.files?.[0]; if (f) onFile(f); e.target.value = ''; }} />
    </div>
  );
}
