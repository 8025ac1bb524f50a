/**
 * Deployment-stage markers in host names, issuers and profile names ("auth.staging.example.com",
 * "Staging"), to say "a staging token was sent to production". Heuristic by nature: only used
 * when two sides name different stages, never to claim a stage from silence.
 */

const STAGES: [string, RegExp][] = [
  ['staging', /(^|[^a-z])(staging|stage|stg)([^a-z]|$)/],
  ['development', /(^|[^a-z])(dev|development)([^a-z]|$)/],
  ['test', /(^|[^a-z])(test|testing|qa|uat)([^a-z]|$)/],
  ['sandbox', /(^|[^a-z])(sandbox)([^a-z]|$)/],
  ['preproduction', /(^|[^a-z])(preprod|pre-prod|preproduction)([^a-z]|$)/],
  ['local', /(^|[^a-z])(localhost|local)([^a-z]|$)|127\.0\.0\.1/],
  ['production', /(^|[^a-z])(prod|production|live)([^a-z]|$)/],
];

/** The stage a name points at, or undefined when it names none. */
export function stageOf(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const t = text.toLowerCase();
  for (const [stage, re] of STAGES) if (re.test(t)) return stage;
  return undefined;
}

/** Hosts without a marker are production by convention (api.example.com). */
export function hostStage(host: string): string {
  return stageOf(host) ?? 'production';
}

export function hostOf(text: string): string | undefined {
  try {
    return new URL(text).hostname.toLowerCase();
  } catch {
    return /^[a-z0-9.-]+\.[a-z]{2,}$/i.test(text) ? text.toLowerCase() : undefined;
  }
}
