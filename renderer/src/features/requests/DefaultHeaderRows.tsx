import { DEFAULT_HEADERS, type Request } from '../../../../shared/model';
import '../response/response.css';

/**
 * The headers the engine adds on its own (User-Agent, Accept), shown under the user's headers as
 * generated rows: visible, so nobody wonders what went out, and each one can be switched off
 * (kept in the request as settings.defaultHeaders). A header of the same name the user set wins.
 */
export function DefaultHeaderRows({ request, edit }: { request: Request; edit: (fn: (r: Request) => Request) => void }) {
  const own = new Set(request.headers.filter((h) => h.enabled !== false && h.key !== '').map((h) => h.key.toLowerCase()));
  const set = (setting: (typeof DEFAULT_HEADERS)[number]['setting'], on: boolean): void =>
    edit((d) => ({ ...d, settings: { ...d.settings, defaultHeaders: { ...d.settings.defaultHeaders, [setting]: on } } }));
  return (
    <table className="kv generated-headers" aria-label="Generated headers">
      <caption>Added by Keyhole unless you set the same header</caption>
      <tbody>
        {DEFAULT_HEADERS.map((h) => {
          const overridden = own.has(h.name.toLowerCase());
          const on = request.settings.defaultHeaders?.[h.setting] !== false;
          return (
            <tr key={h.setting} className={on && !overridden ? '' : 'off'}>
              <td><input type="checkbox" aria-label={`Send generated ${h.name}`} checked={on} disabled={overridden} title={overridden ? `Your own ${h.name} header is sent instead` : undefined} onChange={(e) => set(h.setting, e.target.checked)} /></td>
              <td><code>{h.name}</code></td>
              <td><code>{h.value}</code></td>
              <td className="muted">{overridden ? 'replaced by your header' : on ? 'generated' : 'off'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
