import type { Timings } from '../../../shared/model';

const PHASES = [
  ['dns', 'DNS', '#8e7cc3'], ['connect', 'Connect', '#f6b26b'], ['tls', 'TLS', '#e06666'],
  ['firstByte', 'Waiting (first byte)', '#6fa8dc'], ['download', 'Download', '#93c47d'],
] as const;

/** The phases of the request as consecutive bars on one time axis (an SVG chart, with a table for screen readers). */
export function Waterfall({ timings }: { timings: Timings }) {
  const total = Math.max(timings.total, PHASES.reduce((n, [k]) => n + timings[k], 0), 0.001);
  let at = 0;
  return (
    <figure aria-label="Timing" className="waterfall">
      <svg role="img" aria-label={`Timing chart, total ${timings.total.toFixed(1)} ms`} viewBox="0 0 400 130" width="100%" height="130">
        {PHASES.map(([k, label, color], i) => {
          const x = 120 + (at / total) * 270;
          const w = Math.max((timings[k] / total) * 270, timings[k] > 0 ? 1 : 0);
          at += timings[k];
          return (
            <g key={k}>
              <text x="0" y={i * 24 + 16} fontSize="11" fill="currentColor">{label}</text>
              <rect x={x} y={i * 24 + 6} width={w} height="14" fill={color} rx="2" />
            </g>
          );
        })}
      </svg>
      <table className="kv compact">
        <tbody>
          {PHASES.map(([k, label]) => <tr key={k}><th scope="row">{label}</th><td>{timings[k].toFixed(1)} ms</td></tr>)}
          <tr><th scope="row">Total</th><td>{timings.total.toFixed(1)} ms</td></tr>
        </tbody>
      </table>
    </figure>
  );
}
