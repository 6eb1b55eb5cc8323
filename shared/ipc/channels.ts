/**
 * Plain lists of channel and event names, without zod, for the preload bundle: it exposes only
 * these names. A test checks they equal the contract's keys.
 */
export const CHANNELS = [
  'app:info',
  'app:health',
  'settings:get',
  'settings:update',
  'vault:status',
  'vault:setup',
  'vault:unlock',
  'vault:lock',
  'vault:touch',
  'vault:recover',
  'vault:save-recovery-key',
  'vault:request-release',
  'vault:change-password',
  'vault:rotate-key',
  'audit:list',
  'audit:verify',
  'audit:sample',
  'audit:mark-reviewed',
  'audit:export-csv',
  'files:folders',
  'accounts:list',
  'accounts:add',
  'accounts:reset-password',
  'accounts:remove',
  'roster:my-roles',
  'roster:organisations',
  'roster:save-organisation',
  'roster:teams',
  'roster:save-team',
  'roster:archive-team',
  'roster:members',
  'roster:save-member',
  'roster:set-membership',
  'roster:end-membership',
  'roster:member-leaves',
  'roster:link-account',
  'roster:team-history',
  'roster:import-preview',
  'roster:import',
  'roster:export-csv',
] as const;
export const EVENTS = ['host:shutdown', 'session:ended', 'vault:release-requested', 'vault:locked'] as const;
export const IPC_INVOKE = 'teamvalv:invoke';
export const IPC_EVENT_PREFIX = 'teamvalv:event:';
