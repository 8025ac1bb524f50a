import { KeyholeError, KeyholeErrorShape, toKeyholeError } from '../errors';

/**
 * What crosses every transport: Electron's ipcMain.handle drops custom error properties (the
 * renderer would see "Error invoking remote method ..."), so failures travel as values with their
 * code and are turned back into KeyholeErrors on the renderer side.
 */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: KeyholeErrorShape };

export function failure(e: unknown): Envelope<never> {
  return { ok: false, error: toKeyholeError(e).toJSON() };
}

/** Unwraps an envelope, throwing a KeyholeError; a malformed envelope is an 'internal' error. */
export function unwrap<T>(raw: unknown, channel: string): T {
  if (typeof raw === 'object' && raw !== null && 'ok' in raw) {
    if (raw.ok === true && 'value' in raw) return raw.value as T;
    if (raw.ok === false && 'error' in raw) {
      const parsed = KeyholeErrorShape.safeParse(raw.error);
      if (parsed.success) {
        const { code, message, hint, details } = parsed.data;
        throw new KeyholeError(code, message, { ...(hint === undefined ? {} : { hint }), ...(details === undefined ? {} : { details }) });
      }
    }
  }
  throw new KeyholeError('internal', `The answer on channel ${channel} is not a result envelope`);
}
