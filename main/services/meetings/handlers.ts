import type { DomainHandlers } from '../../ipc/registry';
import {
  addAddendum,
  addAgendaItem,
  addGuest,
  commitItem,
  createMeeting,
  finaliseMeeting,
  getDraft,
  getMeeting,
  listMeetings,
  removeAgendaItem,
  removeGuest,
  reorderAgenda,
  resumePoint,
  saveDraft,
  setActionDone,
  setAttendance,
} from '../../meetings/repository';
import type { VaultManager } from '../../vault/vault-manager';

/** The meeting channels: thin — every rule lives in main/meetings (and main/cases for reading). */
export function meetingHandlers(manager: VaultManager): DomainHandlers {
  return {
    'meetings:list': (input) => listMeetings(manager.vault, input.teamId),
    'meetings:get': (input) => getMeeting(manager.vault, input.meetingId),
    'meetings:create': (input) => createMeeting(manager.vault, input),
    'meetings:set-attendance': (input) => setAttendance(manager.vault, input),
    'meetings:add-guest': (input) => addGuest(manager.vault, input),
    'meetings:remove-guest': (input) => removeGuest(manager.vault, input.guestId),
    'meetings:add-agenda-item': (input) => addAgendaItem(manager.vault, input),
    'meetings:reorder-agenda': (input) => reorderAgenda(manager.vault, input),
    'meetings:remove-agenda-item': (input) => removeAgendaItem(manager.vault, input.agendaItemId),
    'meetings:save-draft': (input) => saveDraft(manager.vault, input),
    'meetings:get-draft': (input) => getDraft(manager.vault, input.agendaItemId),
    'meetings:resume': () => resumePoint(manager.vault),
    'meetings:commit-item': (input) => commitItem(manager.vault, input),
    'meetings:set-action-done': (input) => setActionDone(manager.vault, input),
    'meetings:finalise': (input) => finaliseMeeting(manager.vault, input.meetingId),
    'meetings:add-addendum': (input) => addAddendum(manager.vault, input),
  };
}
