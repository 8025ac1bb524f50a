import type { KeyValue } from '../../../shared/model';
import { X } from 'lucide-react';
import { IconButton } from '../ui';

export interface KeyValueTableProps {
  label: string;
  rows: readonly KeyValue[];
  onChange: (rows: KeyValue[]) => void;
  /** A datalist id offering names (common headers). */
  keyList?: string | undefined;
}

/** An editable table of key/value rows with an always-present empty row for adding. */
export function KeyValueTable({ label, rows, onChange, keyList }: KeyValueTableProps) {
  const all = [...rows, { key: '', value: '', enabled: true }];
  const set = (i: number, patch: Partial<KeyValue>): void => {
    const next = all.map((r, j) => (j === i ? { ...r, ...patch } : r));
    onChange(next.filter((r, j) => j < rows.length || r.key !== '' || r.value !== ''));
  };
  return (
    <table className="kv" aria-label={label}>
      <thead><tr><th scope="col"><span className="sr-only">On</span></th><th scope="col">Key</th><th scope="col">Value</th><th scope="col"><span className="sr-only">Remove</span></th></tr></thead>
      <tbody>
        {all.map((r, i) => (
          <tr key={i}>
            <td>{i < rows.length && <input type="checkbox" aria-label={`${label} row ${i + 1} enabled`} checked={r.enabled !== false} onChange={(e) => set(i, { enabled: e.target.checked })} />}</td>
            <td><input aria-label={`${label} key ${i + 1}`} value={r.key} list={keyList} placeholder="key" onChange={(e) => set(i, { key: e.target.value })} /></td>
            <td><input aria-label={`${label} value ${i + 1}`} value={r.value} placeholder="value" onChange={(e) => set(i, { value: e.target.value })} /></td>
            <td>{i < rows.length && <IconButton label={`Remove ${label} row ${i + 1}`} icon={<X size={13} aria-hidden />} onClick={() => onChange(rows.filter((_, j) => j !== i))} />}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export const COMMON_HEADERS = [
  'Accept', 'Accept-Encoding', 'Accept-Language', 'Authorization', 'Cache-Control', 'Content-Type', 'Cookie', 'If-Match',
  'If-None-Match', 'If-Modified-Since', 'Origin', 'Prefer', 'Range', 'Referer', 'User-Agent', 'X-API-Key', 'X-Request-ID',
  'X-Correlation-ID', 'X-Forwarded-For',
];

export function HeaderNames() {
  return <datalist id="header-names">{COMMON_HEADERS.map((h) => <option key={h} value={h} />)}</datalist>;
}
