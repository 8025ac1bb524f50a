import { KeyholeError } from '../errors';
import { CHANNELS, type Channel } from './channels';
import { contract } from './contract';
import { failure, type Envelope } from './envelope';
import type { Handlers } from './types';

const known = new Set<string>(CHANNELS);

export function isChannel(name: string): name is Channel {
  return known.has(name);
}

/**
 * Runs one call on the host: refuses unknown channels and arguments that do not parse (with
 * 'invalid-input' naming the field), runs the handler, and returns an envelope. Both Electron's
 * main process and the browser bridge go through here, so they validate identically.
 */
export async function dispatch(handlers: Handlers, channel: string, raw: unknown): Promise<Envelope<unknown>> {
  if (!isChannel(channel)) return failure(new KeyholeError('invalid-input', `Unknown channel "${channel.slice(0, 80)}"`));
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
