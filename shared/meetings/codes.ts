/** The meeting vocabularies, without zod (the renderer imports these). */
export const ATTENDANCE = ['present', 'absent', 'excused'] as const;
export const AGENDA_KINDS = ['case', 'follow-up', 'supervision', 'other'] as const;
export const ADDENDUM_KINDS = ['addendum', 'marked-wrong'] as const;
/** Why the chair is warned before a consent case's item opens. */
export const CONSENT_WARNINGS = ['expired', 'withdrawn', 'not-covering-present'] as const;
