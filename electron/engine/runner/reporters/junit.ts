import { failedChecks, type Reporter, type RequestResult, type RunStart, type RunSummary } from '../result';

const esc = (s: string): string =>
  s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * JUnit XML as CI systems read it: one testsuite per run, one testcase per request and iteration.
 * Only the small per-case XML is kept (the suite's counts must precede its cases), never exchanges.
 */
export function junitReporter(write: (xml: string) => void | Promise<void>): Reporter {
  const cases: string[] = [];
  let name = 'keyhole';
  return {
    onStart(info: RunStart) {
      name = info.collection + (info.environment ? ` (${info.environment})` : '');
    },
    onRequest(r: RequestResult) {
      const caseName = esc(`${r.path}${r.iteration > 0 ? ` [iteration ${r.iteration + 1}]` : ''}`);
      const time = (r.durationMs / 1000).toFixed(3);
      let body = '';
      if (r.error) body = `<error type="${esc(r.error.code)}" message="${esc(r.error.message)}"/>`;
      else {
        const failed = failedChecks(r);
        if (failed.length > 0) {
          const text = failed.map((a) => `${a.name}${a.message ? `: ${a.message}` : ''}`).join('\n')
            + (r.diagnosis ? `\nwhy: ${r.diagnosis.title} [${r.diagnosis.id}]` : '');
          body = `<failure type="assertion" message="${esc(failed[0]?.name ?? 'failed')}">${esc(text)}</failure>`;
        }
      }
      cases.push(`    <testcase classname="${esc(name)}" name="${caseName}" time="${time}">${body}</testcase>`);
    },
    async onEnd(s: RunSummary) {
      const errors = cases.filter((c) => c.includes('<error ')).length;
      const failures = cases.filter((c) => c.includes('<failure ')).length;
      await write(`<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="keyhole" tests="${cases.length}" failures="${failures}" errors="${errors}" time="${(s.durationMs / 1000).toFixed(3)}">\n`
        + `  <testsuite name="${esc(name)}" tests="${cases.length}" failures="${failures}" errors="${errors}" time="${(s.durationMs / 1000).toFixed(3)}">\n`
        + `${cases.join('\n')}\n  </testsuite>\n</testsuites>\n`);
    },
  };
}
