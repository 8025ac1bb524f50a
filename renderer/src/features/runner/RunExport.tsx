import { useState } from 'react';
import { api, isBrowserMode } from '../../lib/api';
import { notify } from '../../state/ui';

type Format = 'html' | 'junit';
const FORMATS: { id: Format; label: string; type: string }[] = [
  { id: 'html', label: 'Export HTML report', type: 'text/html' },
  { id: 'junit', label: 'Export JUnit XML', type: 'application/xml' },
];

/**
 * Exports a finished run with the CLI's own reporters (`keyhole run -r html|junit`): to a file the
 * desktop's save dialog chooses, or as a download in the browser.
 */
export function RunExport({ runId, disabledReason }: { runId: string | undefined; disabledReason: string | undefined }) {
  const [said, setSaid] = useState<{ text: string; error: boolean } | undefined>();
  const run = async (f: (typeof FORMATS)[number]): Promise<void> => {
    if (!runId) return;
    try {
      const out = await api['runner.report']({ runId, format: f.id, save: !isBrowserMode });
      const text = isBrowserMode ? download(out.filename, out.text, f.type)
        : out.path ? `Saved the report to ${out.path}` : `Export of ${out.filename} cancelled: no file was written`;
      setSaid({ text, error: false });
      notify(text);
    } catch (e) {
      setSaid({ text: e instanceof Error ? e.message : String(e), error: true });
    }
  };
  return (
    <div className="run-export" role="group" aria-label="Export the run">
      {FORMATS.map((f) => (
        <button key={f.id} type="button" disabled={disabledReason !== undefined} title={disabledReason ?? `The same report as keyhole run -r ${f.id}`} onClick={() => void run(f)}>{f.label}</button>
      ))}
      {said && <span role={said.error ? 'alert' : 'status'} className={said.error ? 'bad' : 'muted'}>{said.text}</span>}
    </div>
  );
}

function download(filename: string, text: string, type: string): string {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type }));
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  return `Downloaded ${filename} to your browser's downloads folder`;
}
