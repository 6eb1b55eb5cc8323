import { stockholmDate } from '../../shared/time/zone';
import { saveNote } from '../supervision/private-notes';
import { addTheme, chooseCases, createSession, holdSession, shareRecord, tagCase } from '../supervision/repository';
import { setUpNoteKey } from './note-key';
import type { UnlockedVault } from './vault';

const DAY = 24 * 3600 * 1000;

/**
 * The demo vault's supervision, seeded as the demo psychologist after the chair's meetings: a
 * small theme vocabulary, a case-supervision session held three weeks ago (its record shared with
 * the team, themes attached), the next session planned, and one invented private note under the
 * psychologist's own key (the demo password opens it; its personal code is not kept).
 */
export function seedDemoSupervision(psychologist: UnlockedVault): void {
  const team = psychologist.db.prepare("SELECT id FROM teams WHERE name = 'Team försörjningsstöd'").get() as { id: string };
  const participants = (psychologist.db.prepare("SELECT member_id FROM team_memberships WHERE team_id = ? AND active_to IS NULL AND role IN ('chair', 'member') ORDER BY member_id").all(team.id) as { member_id: string }[]).map((r) => r.member_id);
  const today = psychologist.now().getTime();
  const threeWeeksAgo = new Date(today - 21 * DAY);
  const themes = ['Motivation', 'Samverkan mellan myndigheter', 'Neuropsykiatriska frågor', 'Trauma', 'Missbruk'].map((name) => addTheme(psychologist, name));
  const firstCase = psychologist.db.prepare("SELECT id FROM cases WHERE team_id = ? AND consent_mode = 'anonymous' ORDER BY code LIMIT 1").get(team.id) as { id: string };

  const held = createSession(psychologist, { teamId: team.id, date: stockholmDate(threeWeeksAgo), form: 'case', participantMemberIds: participants });
  chooseCases(psychologist, held.id, [firstCase.id]);
  tagCase(psychologist, held.id, firstCase.id, [themes[0]?.id ?? '', themes[1]?.id ?? ''].filter(Boolean));
  shareRecord(psychologist, {
    sessionId: held.id,
    caseId: firstCase.id,
    summary: 'Teamet såg att motivationen finns men att dygnsrytmen styr. (Påhittad sammanfattning.)',
    approach: 'Korta, förutsägbara steg; en kontaktperson i taget.',
    actions: ['Arbetskonsulenten stämmer av dygnsrytmen vid varje träff'],
  });
  holdSession(psychologist, held.id);
  // It was held then, not now: the cases flagged since still wait for the next session.
  psychologist.db.prepare('UPDATE supervision_sessions SET held_at = ? WHERE id = ?').run(threeWeeksAgo.toISOString(), held.id);

  const next = createSession(psychologist, { teamId: team.id, date: stockholmDate(new Date(today + 7 * DAY)), form: 'case', participantMemberIds: participants });
  setUpNoteKey(psychologist);
  saveNote(psychologist, {
    sessionId: next.id,
    kind: 'preparation',
    text: 'Fundera på hur ansvaret fördelas mellan myndigheterna när flera är inblandade. (Påhittad privat anteckning.)',
    overrideReason: null,
  });
}
