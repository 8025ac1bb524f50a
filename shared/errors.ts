import { z } from 'zod';

/**
 * Every failure Keyhole reports is a value with a stable code (match on it, never on the message),
 * a sentence for a person, and where possible a hint that says what to do next.
 */
export const ErrorCode = z.enum([
  'usage',
  'invalid-input',
  'file-not-found',
  'file-malformed',
  /** A request would upload a file from outside the folders the user allows (the collection's by default). */
  'file-not-allowed',
  'variable-unresolved',
  'variable-cycle',
  'secret-missing',
  'environment-unknown',
  /** An export must carry auth that the environments bind differently: one must be chosen. */
  'environment-needed',
  'profile-unbound',
  'header-invalid',
  'url-invalid',
  'redirect-limit',
  'redirect-refused',
  'timeout',
  'cancelled',
  'network',
  'tls',
  'proxy',
  'body-too-large',
  'decode-failed',
  'auth-failed',
  'auth-config',
  'write-failed',
  /** A file changed on disk since it was loaded; the save was refused (the app asks before forcing). */
  'conflict',
  'import-failed',
  'script-failed',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const KeyholeErrorShape = z.object({
  code: ErrorCode,
  message: z.string(),
  hint: z.string().optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type KeyholeErrorShape = z.infer<typeof KeyholeErrorShape>;

export class KeyholeError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, opts: { hint?: string; details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'KeyholeError';
    this.code = code;
    this.hint = opts.hint;
    this.details = opts.details;
  }

  toJSON(): KeyholeErrorShape {
    return {
      code: this.code,
      message: this.message,
      ...(this.hint === undefined ? {} : { hint: this.hint }),
      ...(this.details === undefined ? {} : { details: this.details }),
    };
  }
}

export function isKeyholeError(e: unknown): e is KeyholeError {
  return e instanceof KeyholeError;
}

/** Wraps anything thrown by a library at a boundary we own into a KeyholeError. */
export function toKeyholeError(e: unknown, fallback: ErrorCode = 'internal'): KeyholeError {
  if (e instanceof KeyholeError) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new KeyholeError(fallback, message, { cause: e });
}

/** A result type for pure code that must not throw. */
export type Result<T, E = KeyholeError> = { ok: true; value: T } | { ok: false; error: E };
export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = <E>(error: E): Result<never, E> => ({ ok: false, error });
