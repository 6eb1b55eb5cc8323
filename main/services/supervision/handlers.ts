import type { DomainHandlers } from '../../ipc/registry';
import { addTheme, chooseCases, createSession, holdSession, listSessions, listThemes, preparation, shareRecord, tagCase, themesOverYear } from '../../supervision/repository';
import type { VaultManager } from '../../vault/vault-manager';

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
    'supervision:hold-session': (input) => (holdSession(manager.vault, input.sessionId), {}),
  };
}
