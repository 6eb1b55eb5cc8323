import type { ChannelOutput } from '../../../shared/ipc/contract';
import type { HostChannelHandlers } from '../../core/host-channels';
import type { DomainHandlers } from '../../ipc/registry';

/**
 * The two-screen channels. In Electron the host does the window work (a window on the projector,
 * main/electron/presentation.ts) and `host` asks it; in the browser host there is one window, so
 * nothing opens and meeting-room mode stays in it. Either way the call came through the router,
 * which checked input, session and permission, and checks the answer against the contract (the
 * host's answer is unknown until then: the casts below name the type the router makes sure of).
 */
export function presentHandlers(host?: HostChannelHandlers): DomainHandlers {
  if (host) {
    return {
      'present:open': async (input) => (await host['present:open'](input)) as ChannelOutput<'present:open'>,
      'present:show': async (input) => (await host['present:show'](input)) as ChannelOutput<'present:show'>,
      'present:close': async (input) => (await host['present:close'](input)) as ChannelOutput<'present:close'>,
    };
  }
  return {
    'present:open': () => ({ opened: false }),
    'present:show': () => ({}),
    'present:close': () => ({}),
  };
}
