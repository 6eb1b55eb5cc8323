import type { DomainHandlers } from '../../ipc/registry';
import { addTheme, chooseCases, createSession, holdSession, listSessions, listThemes, preparation, sessionDetail, shareRecord, tagCase, themesOverYear } from '../../supervision/repository';
import { type NoteCipher, newPersonalCode, noteCipherOf, noteKeyState, openNoteKeyWithCode, openNoteKeyWithPassword, setUpNoteKey } from '../../vault/note-key';
import type { VaultManager } from '../../vault/vault-manager';
import { readPrivateNotes, saveNote, saveNoteDraft } from '../../supervision/private-notes';
import { AppError } from '../../../shared/ipc/errors';
import { reads, writes } from '../compose';

/**
 * The supervision channels: thin — the rules live in main/supervision. Every rule there starts
 * with "the psychologist" (role first, then the team), so no `forTeam` in front of them. The note
 * key's own channels stay with main/vault/note-key.ts (key material); the notes get only its
 * `NoteCipher` for the signed-in account.
 */
export function supervisionHandlers(manager: VaultManager): DomainHandlers {
  const notes = (): NoteCipher => noteCipherOf(manager.vault);
  return {
    'supervision:sessions': reads(manager, (caps, input) => listSessions(caps, input.teamId)),
    'supervision:create-session': writes(manager, createSession),
    'supervision:prepare': reads(manager, (caps, input) => preparation(caps, input.teamId)),
    'supervision:choose-cases': writes(manager, (caps, input) => (chooseCases(caps, input.sessionId, input.caseIds), {})),
    'supervision:themes': reads(manager, (caps) => listThemes(caps)),
    'supervision:add-theme': writes(manager, (caps, input) => addTheme(caps, input.name)),
    'supervision:tag-case': writes(manager, (caps, input) => (tagCase(caps, input.sessionId, input.caseId, input.themeIds), {})),
    'supervision:themes-year': reads(manager, (caps, input) => themesOverYear(caps, input.teamId)),
    'supervision:share-record': writes(manager, (caps, input) => (shareRecord(caps, input), {})),
    'supervision:session': reads(manager, (caps, input) => sessionDetail(caps, input.sessionId)),
    'supervision:hold-session': writes(manager, (caps, input) => (holdSession(caps, input.sessionId, { acknowledgeFutureDate: input.acknowledgeFutureDate === true }), {})),
    'supervision:notes-status': () => ({ state: noteKeyState(manager.vault) }),
    'supervision:notes-setup': () => setUpNoteKey(manager.vault),
    'supervision:notes-unlock': async (input) => {
      const vault = manager.vault;
      const opened = input.method === 'password' ? await openNoteKeyWithPassword(vault, input.password) : openNoteKeyWithCode(vault, input.code);
      if (!opened) throw new AppError('private_notes_locked', 'That password or code does not open the private notes');
      return { state: noteKeyState(vault) };
    },
    'supervision:notes-new-code': () => newPersonalCode(manager.vault),
    'supervision:notes': reads(manager, (caps, input) => readPrivateNotes(caps, notes(), input.sessionId)),
    'supervision:notes-draft': writes(manager, (caps, input) => saveNoteDraft(caps, notes(), input)),
    'supervision:notes-save': writes(manager, (caps, input) => saveNote(caps, notes(), input)),
  };
}
