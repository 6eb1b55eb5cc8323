/** The roster's closed vocabularies, without zod (the renderer imports these). */
export const ORGANISATION_KINDS = ['arbetsformedlingen', 'forsakringskassan', 'socialtjansten', 'region', 'arbetsmarknadsenhet', 'primarvarden', 'other'] as const;
export const PROFESSIONS = [
  'arbetsformedlare',
  'personlig-handlaggare',
  'socialsekreterare',
  'arbetskonsulent',
  'sius-konsulent',
  'arbetsterapeut',
  'psykolog',
  'rehabkoordinator',
  'processledare',
  'utvecklingsledare',
  'other',
] as const;
export const TEAM_ROLES = ['chair', 'note-taker', 'member'] as const;
/** The roster table's columns, in the order shown (the renderer imports these). */
export const ROSTER_COLUMNS = ['name', 'profession', 'organisation', 'team', 'role', 'phone', 'email', 'from', 'to'] as const;
/** What the roster table can be grouped by. */
export const ROSTER_GROUPINGS = ['organisation', 'team'] as const;
