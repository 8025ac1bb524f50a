import { KeyholeError } from '../../../shared/errors';
import type { AuthContext } from './types';

/**
 * The one way a scheme refuses its own configuration: an 'auth-config' error that names the
 * profile (or "inline auth") and the field, so the user knows which binding to fix. Thrown before
 * anything is sent, so no request ever leaves with half-built credentials.
 */
export function authConfigError(ctx: Pick<AuthContext, 'profile' | 'environment'>, scheme: string, field: string, problem: string, hint?: string, cause?: unknown): KeyholeError {
  const where = ctx.profile
    ? `auth profile "${ctx.profile}"${ctx.environment ? ` (environment "${ctx.environment}")` : ''}`
    : 'the request\'s inline auth';
  return new KeyholeError('auth-config', `${scheme}: field "${field}" of ${where} ${problem}`, {
    hint: hint ?? `Set "${field}" in ${where}.`,
    details: { scheme, field, ...(ctx.profile ? { profile: ctx.profile } : {}), ...(ctx.environment ? { environment: ctx.environment } : {}) },
    ...(cause === undefined ? {} : { cause }),
  });
}

/** A required field that is missing or empty (after variables were resolved). */
export function requireField(ctx: Pick<AuthContext, 'profile' | 'environment'>, scheme: string, field: string, value: string | undefined): string {
  if (value === undefined || value.trim() === '') {
    throw authConfigError(ctx, scheme, field, 'is empty', `Set "${field}" (or the variable it refers to) for this profile.`);
  }
  return value;
}

/** Checks a value against the list a scheme supports; profiles may come from files zod never saw. */
export function requireOneOf<T extends string>(ctx: Pick<AuthContext, 'profile' | 'environment'>, scheme: string, field: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw authConfigError(ctx, scheme, field, `has the unknown value "${value}"`, `Use one of: ${allowed.join(', ')}.`);
}
