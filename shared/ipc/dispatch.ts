import { KeyholeError } from '../errors';
import { CHANNELS, type Channel } from './channels';
import { contract } from './contract';
import { failure, type Envelope } from './envelope';
import type { Handlers } from './types';

const known = new Set<string>(CHANNELS);

/** The most any one call may carry (string characters plus 8 per value): the bridge's body cap. */
export const MAX_PAYLOAD = 150 * 1024 * 1024;

/**
 * Walks an argument and stops as soon as it outgrows `limit`: Electron's IPC has no cap of its own,
 * and a schema check would first have to walk (and zod copy) the whole thing.
 */
function outgrows(raw: unknown, limit: number): boolean {
  let size = 0;
  const stack: unknown[] = [raw];
  while (stack.length > 0) {
    const v = stack.pop();
    size += typeof v === 'string' ? v.length + 8 : 8;
    if (size > limit) return true;
    if (v !== null && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        size += k.length;
        stack.push(child);
      }
    }
  }
  return false;
}

export function isChannel(name: string): name is Channel {
  return known.has(name);
}

/**
 * Runs one call on the host: refuses unknown channels and arguments that do not parse (with
 * 'invalid-input' naming the field), runs the handler, and returns an envelope. Both Electron's
 * main process and the browser bridge go through here, so they validate identically.
 */
export async function dispatch(handlers: Handlers, channel: string, raw: unknown, limit = MAX_PAYLOAD): Promise<Envelope<unknown>> {
  if (!isChannel(channel)) return failure(new KeyholeError('invalid-input', `Unknown channel "${channel.slice(0, 80)}"`));
  if (outgrows(raw, limit)) {
    return failure(new KeyholeError('invalid-input', `Channel ${channel}: the argument is larger than ${limit} bytes`, {
      hint: 'Large bodies go by file (a binary or multipart file body), not inline through the app\'s IPC.',
      details: { channel, limit },
    }));
  }
  const parsed = contract[channel].input.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'argument';
    return failure(new KeyholeError('invalid-input', `Channel ${channel}: ${where}: ${issue?.message ?? 'invalid'}`, {
      hint: 'The caller sent an argument the IPC contract (shared/ipc/contract.ts) does not accept.',
      details: { channel, path: issue?.path.map(String) ?? [] },
    }));
  }
  try {
    const handler = handlers[channel] as (input: unknown) => Promise<unknown>;
    const value = await handler(parsed.data);
    return { ok: true, value };
  } catch (e) {
    return failure(e);
  }
}
