import type { DomainHandlers } from '../../ipc/registry';
import { addTheme, chooseCases, createSession, holdSession, listSessions, listThemes, preparation, sessionDetail, shareRecord, tagCase, themesOverYear } from '../../supervision/repository';
import { newPersonalCode, noteKeyState, openNoteKeyWithCode, openNoteKeyWithPassword, setUpNoteKey } from '../../vault/note-key';
import type { VaultManager } from '../../vault/vault-manager';
import { readPrivateNotes, saveNote, saveNoteDraft } from '../../supervision/private-notes';
import { AppError } from '../../../shared/ipc/errors';

/** The supervision channels: thin — the rules live in main/supervision. */
export function supervisionHandlers(manager: VaultManager): DomainHandlers {
  return {
    'supervision:sessions': (input) => listSessions(manager.vault, input.teamId),
    'supervision:create-session': (input) => createSession(manager.vault, input),
    'supervision:prepare': (input) => preparation(manager.vault, input.teamId),
    'supervision:choose-cases': (input) => (chooseCases(manager.vault, input.sessionId, input.caseIds), {}),
    'supervision:themes': () => listThemes(manager.vault),
    'supervision:add-theme': (input) => addTheme(manager.vault, input.name),
    'supervision:tag-case': (input) => (tagCase(manager.vault, input.sessionId, input.caseId, input.themeIds), {}),
    'supervision:themes-year': (input) => themesOverYear(manager.vault, input.teamId),
    'supervision:share-record': (input) => (shareRecord(manager.vault, input), {}),
    'supervision:session': (input) => sessionDetail(manager.vault, input.sessionId),
    'supervision:hold-session': (input) => (holdSession(manager.vault, input.sessionId, { acknowledgeFutureDate: input.acknowledgeFutureDate === true }), {}),
    'supervision:notes-status': () => ({ state: noteKeyState(manager.vault) }),
    'supervision:notes-setup': () => setUpNoteKey(manager.vault),
    'supervision:notes-unlock': async (input) => {
      const vault = manager.vault;
      const opened = input.method === 'password' ? await openNoteKeyWithPassword(vault, input.password) : openNoteKeyWithCode(vault, input.code);
      if (!opened) throw new AppError('private_notes_locked', 'That password or code does not open the private notes');
      return { state: noteKeyState(vault) };
    },
    'supervision:notes-new-code': () => newPersonalCode(manager.vault),
    'supervision:notes': (input) => readPrivateNotes(manager.vault, input.sessionId),
    'supervision:notes-draft': (input) => saveNoteDraft(manager.vault, input),
    'supervision:notes-save': (input) => saveNote(manager.vault, input),
  };
}
