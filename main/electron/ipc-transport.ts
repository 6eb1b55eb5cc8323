import type { IpcMainInvokeEvent } from 'electron';
import { IPC_EVENT_PREFIX, IPC_INVOKE } from '../../shared/ipc/channels';
import { type EventName, type EventPayload, events } from '../../shared/ipc/events';
import type { IpcResult } from '../../shared/ipc/errors';
import type { CorePort } from '../core/core-port';
import type { Logger } from '../runtime/log';
import { isAppUrl } from './app-origin';

export type InvokeSender = Pick<IpcMainInvokeEvent, 'senderFrame'> & { sender: { id: number } };
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeSender, ...args: unknown[]) => Promise<unknown>): void;
}

/** Which windows may call at all. */
export interface IpcSenders {
  /** Calls from this web contents are refused (the projector window has no session). */
  isRefusedSender(webContentsId: number): boolean;
}

/**
 * The Electron transport: one `ipcMain.handle` for every contract channel. Calls from any frame
 * that is not our own page (or from the projector window) are refused before the router sees
 * them; every other call — the two-screen `present:*` channels too — goes to the core, whose
 * router does the rest (input, session, permission, output) exactly as for the browser host. The
 * window work of `present:*` is asked of this host by the router mid-call (WorkerCore's
 * `hostChannels`), never answered here.
 */
export function registerIpc(ipcMain: IpcMainLike, core: Pick<CorePort, 'call'>, logger: Logger, senders?: IpcSenders): void {
  ipcMain.handle(IPC_INVOKE, async (event, channel, input): Promise<IpcResult<unknown>> => {
    const frameUrl = event.senderFrame?.url ?? '';
    if (!isAppUrl(frameUrl) || senders?.isRefusedSender(event.sender.id)) {
      logger.log('warn', 'registerIpc', 'call from a foreign frame refused');
      return { ok: false, error: { code: 'forbidden', message: 'Not permitted' } };
    }
    if (typeof channel !== 'string') return { ok: false, error: { code: 'unknown_channel', message: 'Unknown channel' } };
    return core.call(channel, input, `window-${event.sender.id}`);
  });
}

export interface EventTarget {
  send(channel: string, payload: unknown): void;
  isDestroyed(): boolean;
}

/** Sends a main-process event to the page, checked against the contract first. */
export function sendEvent<E extends EventName>(target: EventTarget, event: E, payload: EventPayload<E>): void {
  const checked = events[event].parse(payload);
  if (!target.isDestroyed()) target.send(`${IPC_EVENT_PREFIX}${event}`, checked);
}
