import type { TeamvalvBridge } from '../../../shared/ipc/bridge';
import { type ConnectFailure, type ConnectResult, connectHttpBridge } from './http-bridge';

declare global {
  interface Window {
    /** Set by Electron's preload; absent in the browser host, where the HTTP bridge stands in. */
    readonly teamvalv?: TeamvalvBridge;
  }
}

export type { ConnectFailure, ConnectResult };

/** Finds the way to main: Electron's preload when present, otherwise the browser host over HTTP. */
export async function connect(): Promise<ConnectResult> {
  if (window.teamvalv) return { ok: true, bridge: window.teamvalv };
  return connectHttpBridge(window.location, window.history);
}
