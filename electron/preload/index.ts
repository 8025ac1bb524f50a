import { contextBridge, ipcRenderer } from 'electron';
import { CHANNELS } from '../../shared/ipc/channels';

/**
 * The renderer's only door to the engine: one plain function per contract channel, each sending
 * its argument on that channel. No raw ipcRenderer, no generic invoke(channel), no Node. The main
 * process validates every argument against the contract before a handler sees it.
 */
const api: Record<string, (input: unknown) => Promise<unknown>> = {};
for (const channel of CHANNELS) api[channel] = (input: unknown) => ipcRenderer.invoke(channel, input);
contextBridge.exposeInMainWorld('keyholeApi', api);
