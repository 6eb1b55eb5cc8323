import { stockholmDate } from '../../shared/time/zone';
import { saveNote } from '../supervision/private-notes';
import { addTheme, chooseCases, createSession, holdSession, shareRecord, tagCase } from '../supervision/repository';
import { addDays, workingDayOnOrAfter, workingDayOnOrBefore } from './demo-dates';
import { noteCipherOf, setUpNoteKey } from './note-key';
import type { UnlockedVault } from './vault';
import { writeCaps } from '../capabilities/caps';

/**
 * The demo vault's supervision, seeded as the demo psychologist after the chair's meetings: a
 * small theme vocabulary, a case-supervision session held about three weeks ago (its record
 * shared with the team, themes attached), the next session planned a week ahead with the case the
 * chair flagged since (she can prepare and complete it), and one invented private note under the
 * psychologist's own key (the demo password opens it; its personal code is not kept). Sessions
 * fall on working days.
 */
export function seedDemoSupervision(psychologist: UnlockedVault): void {
  const team = psychologist.db.prepare("SELECT id FROM teams WHERE name = 'Team försörjningsstöd'").get() as { id: string };
  const participants = (psychologist.db.prepare("SELECT member_id FROM team_memberships WHERE team_id = ? AND active_to IS NULL AND role IN ('chair', 'member') ORDER BY member_id").all(team.id) as { member_id: string }[]).map((r) => r.member_id);
  const today = stockholmDate(psychologist.now());
  const heldOn = workingDayOnOrBefore(addDays(today, -21));
  const themes = ['Motivation', 'Samverkan mellan myndigheter', 'Neuropsykiatriska frågor', 'Trauma', 'Missbruk'].map((name) => addTheme(writeCaps(psychologist), name));
  const firstCase = psychologist.db.prepare("SELECT id FROM cases WHERE team_id = ? AND consent_mode = 'anonymous' ORDER BY code LIMIT 1").get(team.id) as { id: string };

  const held = createSession(writeCaps(psychologist), { teamId: team.id, date: heldOn, form: 'case', participantMemberIds: participants });
  chooseCases(writeCaps(psychologist), held.id, [firstCase.id]);
  tagCase(writeCaps(psychologist), held.id, firstCase.id, [themes[0]?.id ?? '', themes[1]?.id ?? ''].filter(Boolean));
  shareRecord(writeCaps(psychologist), {
    sessionId: held.id,
    caseId: firstCase.id,
    summary: 'Teamet såg att motivationen finns men att dygnsrytmen styr. (Påhittad sammanfattning.)',
    approach: 'Korta, förutsägbara steg; en kontaktperson i taget.',
    actions: ['Arbetskonsulenten stämmer av dygnsrytmen vid varje träff'],
  });
  holdSession(writeCaps(psychologist), held.id);
  // It was held then, not now: the cases flagged since still wait for the next session.
  psychologist.db.prepare('UPDATE supervision_sessions SET held_at = ? WHERE id = ?').run(`${heldOn}T13:00:00.000Z`, held.id);

  const next = createSession(writeCaps(psychologist), { teamId: team.id, date: workingDayOnOrAfter(addDays(today, 7)), form: 'case', participantMemberIds: participants });
  const flagged = psychologist.db.prepare('SELECT id FROM cases WHERE team_id = ? AND supervision_flag_at IS NOT NULL ORDER BY code').all(team.id) as { id: string }[];
  chooseCases(writeCaps(psychologist), next.id, flagged.map((row) => row.id));
  setUpNoteKey(psychologist);
  saveNote(writeCaps(psychologist), noteCipherOf(psychologist), {
    sessionId: next.id,
    kind: 'preparation',
    text: 'Fundera på hur ansvaret fördelas mellan myndigheterna när flera är inblandade. (Påhittad privat anteckning.)',
    overrideReason: null,
  });
}
