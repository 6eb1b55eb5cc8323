import { contextBridge, ipcRenderer } from 'electron';
import type { TeamvalvBridge } from '../shared/ipc/bridge';
import { CHANNELS, EVENTS, IPC_EVENT_PREFIX, IPC_INVOKE } from '../shared/ipc/channels';

/**
 * The whole preload: `window.teamvalv.invoke(channel, input)` and `window.teamvalv.on(event, cb)`.
 * The page never sees ipcRenderer or an IpcRendererEvent; unknown channels and events are
 * refused here already (main checks again — the preload is convenience, main is the guard).
 */
const channels: ReadonlySet<string> = new Set(CHANNELS);
const eventNames: ReadonlySet<string> = new Set(EVENTS);

export const bridge: TeamvalvBridge = {
  invoke(channel, input) {
    if (!channels.has(channel)) {
      return Promise.resolve({ ok: false, error: { code: 'unknown_channel', message: 'Unknown channel' } });
    }
    return ipcRenderer.invoke(IPC_INVOKE, channel, input);
  },
  on(event, callback) {
    if (!eventNames.has(event)) return () => undefined;
    const listener = (_event: unknown, payload: unknown): void => callback(payload as never);
    ipcRenderer.on(`${IPC_EVENT_PREFIX}${event}`, listener);
    return () => {
      ipcRenderer.removeListener(`${IPC_EVENT_PREFIX}${event}`, listener);
    };
  },
};

contextBridge.exposeInMainWorld('teamvalv', bridge);
