/**
 * The channels only a host can do the work of (core/host-channels.ts), by name: here on their own
 * so that protocol.ts can name them without importing host-channels.ts, which imports it.
 */
export const HOST_CHANNELS = ['present:open', 'present:show', 'present:close'] as const;
export type HostChannel = (typeof HOST_CHANNELS)[number];
