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
