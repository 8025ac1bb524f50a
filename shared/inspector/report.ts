import { z } from 'zod';

/**
 * The two report shapes the inspector produces, declared once so the CLI's `--json`, the desktop
 * panel and the IPC contract all use the same schemas. Field names follow
 * spec/explain-401.md and spec/jwt-inspect.md exactly; those are public interfaces.
 */

/** Finding identifiers (spec/explain-401.md). Never rename or reuse one; add new ones at the end. */
export const FindingId = z.enum([
  'no-credentials',
  'scheme-mismatch',
  'credentials-rejected',
  'token-expired',
  'token-not-yet-valid',
  'token-malformed',
  'token-audience-mismatch',
  'token-issuer-mismatch',
  'insufficient-scope',
  'digest-stale-nonce',
  'session-missing',
  'session-expired',
  'credentials-dropped-on-redirect',
  'proxy-auth-required',
  'api-key-misplaced',
  'malformed-basic-credentials',
  'challenge-missing',
  'blocked-by-network-policy',
  'authenticated-but-forbidden',
  'token-signature-invalid',
]);
export type FindingId = z.infer<typeof FindingId>;

export const Finding = z.object({
  id: FindingId,
  confidence: z.number().min(0).max(1),
  title: z.string(),
  /** What was seen, secrets masked (at most the first and last 4 characters). */
  evidence: z.array(z.string()),
  fixes: z.array(z.string()),
});
export type Finding = z.infer<typeof Finding>;

/** A refusal GraphQL said in its `errors[]` (often with HTTP 200): the codes as the server spelled them and the refused paths. */
export const GraphqlRefusalInfo = z.object({
  code: z.string(),
  paths: z.array(z.string()),
  /** Other fields of `data` came back: only the paths were refused. */
  partial: z.boolean(),
});
export type GraphqlRefusalInfo = z.infer<typeof GraphqlRefusalInfo>;

export const ExplainEntry = z.object({
  /** Position of the refused exchange in the input (the HAR entry index for a HAR). */
  index: z.number().int().nonnegative(),
  method: z.string(),
  url: z.string(),
  status: z.number().int(),
  /** Most likely first; never empty. */
  findings: z.array(Finding).min(1),
  /** Present when the refusal is in a GraphQL response's errors, not in its HTTP status. */
  graphql: GraphqlRefusalInfo.optional(),
});
export type ExplainEntry = z.infer<typeof ExplainEntry>;

export const ExplainReport = z.object({ entries: z.array(ExplainEntry) });
export type ExplainReport = z.infer<typeof ExplainReport>;

/* ------------------------------------ JWT ------------------------------------ */

export const JwtWarningCode = z.enum([
  'alg-none',
  'no-exp',
  'long-lifetime',
  'iat-in-future',
  'expired',
  'not-yet-valid',
  'kid-absent-several-keys',
  'unknown-crit',
  'padded-base64',
  'payload-not-object',
  'payload-not-json',
  'token-too-large',
  'bearer-prefix',
  'surrounding-whitespace',
  'surrounding-quotes',
  'encrypted',
  'nested',
  'claim-type',
]);
export type JwtWarningCode = z.infer<typeof JwtWarningCode>;

export const JwtWarning = z.object({ code: JwtWarningCode, message: z.string() });
export type JwtWarning = z.infer<typeof JwtWarning>;

export const JwtClaim = z.object({
  name: z.string(),
  value: z.unknown(),
  meaning: z.string(),
  /** For time claims (NumericDate): the instant in ISO 8601 and its distance from the reference time. */
  iso: z.string().optional(),
  relative: z.string().optional(),
});
export type JwtClaim = z.infer<typeof JwtClaim>;

/** `unknown-crit`: the header lists in `crit` an extension the verifier does not understand (RFC 7515 §4.1.11). */
export const VerificationReason = z.enum(['no-matching-key', 'bad-signature', 'alg-none', 'alg-not-allowed-for-key', 'key-unusable', 'unknown-crit']);
export type VerificationReason = z.infer<typeof VerificationReason>;

export const JwtVerification = z.object({
  verified: z.boolean(),
  alg: z.string().nullable(),
  /** The kid of the key that verified (or that was tried last), null when the key has none. */
  kid: z.string().nullable(),
  reason: VerificationReason.nullable(),
  /** A sentence for a person: which keys were tried and what each said. */
  message: z.string(),
});
export type JwtVerification = z.infer<typeof JwtVerification>;

export const JwtDecodeError = z.object({
  /** 1-based segment (header = 1) when the defect is in one, else null. */
  segment: z.number().int().nullable(),
  segmentName: z.string().nullable(),
  /** 0-based character position inside the segment (or the whole token when segment is null). */
  position: z.number().int().nullable(),
  message: z.string(),
});
export type JwtDecodeError = z.infer<typeof JwtDecodeError>;

type JwtReportShape = {
  kind: 'JWS' | 'JWE';
  header: Record<string, unknown>;
  payload: Record<string, unknown> | null;
  payloadText?: string | undefined;
  signature: string | null;
  claims: JwtClaim[];
  warnings: JwtWarning[];
  verification?: JwtVerification | undefined;
  /** The inner token when `cty` is JWT (RFC 7519 §5.2). */
  nested?: JwtReportShape | undefined;
};

export const JwtReport: z.ZodType<JwtReportShape> = z.lazy(() => z.object({
  kind: z.enum(['JWS', 'JWE']),
  header: z.record(z.string(), z.unknown()),
  payload: z.record(z.string(), z.unknown()).nullable(),
  payloadText: z.string().optional(),
  signature: z.string().nullable(),
  claims: z.array(JwtClaim),
  warnings: z.array(JwtWarning),
  verification: JwtVerification.optional(),
  nested: JwtReport.optional(),
}));
export type JwtReport = z.infer<typeof JwtReport>;

/** What `inspectJwt` returns: a report, or exactly why the text could not be decoded. */
export const JwtInspection = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), report: JwtReport }),
  z.object({ ok: z.literal(false), error: JwtDecodeError, warnings: z.array(JwtWarning) }),
]);
export type JwtInspection = z.infer<typeof JwtInspection>;
