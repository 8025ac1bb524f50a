import { CHANNELS, type Channel } from './channels';
import { unwrap } from './envelope';
import type { Api, RawInvoke } from './types';

/** Builds the typed Api over any transport (Electron preload, bridge fetch, in-process). */
export function apiOver(invoke: RawInvoke): Api {
  const api: Partial<Record<Channel, (input: unknown) => Promise<unknown>>> = {};
  for (const channel of CHANNELS) {
    api[channel] = async (input: unknown) => unwrap(await invoke(channel, input ?? {}), channel);
  }
  return api as Api;
}
