import type { ReportNotes } from './report';

/**
 * Script APIs that a sandbox without network, files or control flow between requests cannot
 * honour. Scripts are kept verbatim whatever they use; these are only flagged in the report so the
 * user knows which ones to check.
 */
const RISKY: readonly [RegExp, string][] = [
  [/\bpm\.sendRequest\b/, 'pm.sendRequest (network from a script)'],
  [/\b(postman|pm)\.setNextRequest\b|\bpm\.execution\.setNextRequest\b/, 'setNextRequest (run order)'],
  [/\bpm\.visualizer\b/, 'pm.visualizer'],
  [/\bpm\.cookies\.jar\b/, 'pm.cookies.jar'],
  [/\brequire\s*\(/, 'require()'],
  [/\bpm\.vault\b/, 'pm.vault'],
  [/\binsomnia\.sendRequest\b/, 'insomnia.sendRequest (network from a script)'],
];

export function noteScriptApis(code: string, place: string, notes: ReportNotes): void {
  const hits = RISKY.filter(([re]) => re.test(code)).map(([, name]) => name);
  if (hits.length > 0) notes.add(place, 'script', `script kept verbatim but uses ${hits.join(', ')}, which the scripts sandbox may not run`);
}
