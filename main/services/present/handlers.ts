import type { DomainHandlers } from '../../ipc/registry';

/**
 * The core's answer to the two-screen channels: in Electron the host handles them itself (a
 * window on the projector, main/electron/presentation.ts) and they never reach the core; in the
 * browser host there is one window, so nothing opens and meeting-room mode stays in it.
 */
export function presentHandlers(): DomainHandlers {
  return {
    'present:open': () => ({ opened: false }),
    'present:show': () => ({}),
    'present:close': () => ({}),
  };
}
