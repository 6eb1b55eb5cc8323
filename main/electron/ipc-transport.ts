import type { IpcMainInvokeEvent } from 'electron';
import { IPC_EVENT_PREFIX, IPC_INVOKE } from '../../shared/ipc/channels';
import { contract, isChannel } from '../../shared/ipc/contract';
import { type EventName, type EventPayload, events } from '../../shared/ipc/events';
import type { IpcResult } from '../../shared/ipc/errors';
import type { CorePort } from '../core/core-port';
import type { Logger } from '../runtime/log';
import { isAppUrl } from './app-origin';

export type InvokeSender = Pick<IpcMainInvokeEvent, 'senderFrame'> & { sender: { id: number } };
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeSender, ...args: unknown[]) => Promise<unknown>): void;
}

/**
 * The Electron transport: one `ipcMain.handle` for every contract channel. Calls from any frame
 * that is not our own page are refused before the router sees them; the router does the rest
 * (input, session, permission, output) in the core worker, exactly as for the browser host.
 */
export interface HostChannels {
  /** Calls from this web contents are refused (the projector window has no session). */
  isRefusedSender(webContentsId: number): boolean;
  /** Channels the Electron host answers itself (they need windows); input already validated. */
  readonly handlers: Partial<Record<'present:open' | 'present:show' | 'present:close', (input: unknown) => unknown>>;
}

export function registerIpc(ipcMain: IpcMainLike, core: Pick<CorePort, 'call'>, logger: Logger, host?: HostChannels): void {
  ipcMain.handle(IPC_INVOKE, async (event, channel, input): Promise<IpcResult<unknown>> => {
    const frameUrl = event.senderFrame?.url ?? '';
    if (!isAppUrl(frameUrl) || host?.isRefusedSender(event.sender.id)) {
      logger.log('warn', 'registerIpc', 'call from a foreign frame refused');
      return { ok: false, error: { code: 'forbidden', message: 'Not permitted' } };
    }
    if (typeof channel !== 'string') return { ok: false, error: { code: 'unknown_channel', message: 'Unknown channel' } };
    const local = host && Object.hasOwn(host.handlers, channel) ? host.handlers[channel as keyof HostChannels['handlers']] : undefined;
    if (local && isChannel(channel)) {
      // The same checks as the router: a signed-in caller (asked of the core), valid input.
      const session = await core.call('vault:status', {}, `window-${event.sender.id}`);
      if (!session.ok || (session.value as { state?: string }).state !== 'unlocked') return { ok: false, error: { code: 'unauthenticated', message: 'This needs a signed-in account' } };
      const parsed = contract[channel].input.safeParse(input);
      if (!parsed.success) return { ok: false, error: { code: 'invalid_input', message: 'Invalid input' } };
      return { ok: true, value: local(parsed.data) };
    }
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
