import path from 'node:path';
import { writeAuditedExport } from '../../exports/export-files';
import type { DomainHandlers } from '../../ipc/registry';
import { minutesPdf } from '../../meetings/minutes-pdf';
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
  setMeetingAutoLock,
} from '../../meetings/repository';
import type { VaultManager } from '../../vault/vault-manager';

function bounds(manager: VaultManager): { defaultMinutes: number; maxMinutes: number } {
  return { defaultMinutes: Math.round(manager.defaultIdleLockMs / 60_000), maxMinutes: Math.round(manager.maxIdleLockMs / 60_000) };
}

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
    'meetings:finalise': (input) => finaliseMeeting(manager.vault, input.meetingId, { futureDateAcknowledged: input.futureDateAcknowledged }),
    'meetings:add-addendum': (input) => addAddendum(manager.vault, input),
    'meetings:minutes-pdf': async (input) => {
      const vault = manager.vault;
      const { pdf, meeting, caseCodes } = await minutesPdf(vault, input.meetingId);
      // A disclosure, audited once the file is there: its hash and which cases it holds, never their content.
      const written = await writeAuditedExport(input.folder, `protokoll-${meeting.teamName}-${meeting.date}.pdf`, pdf, ({ file, sha256 }) =>
        vault.audit('meeting.minutes-exported', { meetingId: meeting.id, sha256, fileName: path.basename(file), cases: caseCodes.join(',') }),
      );
      return { ...written, rows: meeting.agenda.length };
    },
    'meetings:set-auto-lock': (input) =>
      setMeetingAutoLock(manager.vault, input.meetingId, input.minutes, bounds(manager), (ms) => manager.lengthenIdleLock(ms)),
    'meetings:auto-lock-bounds': () => ({ ...bounds(manager), currentMinutes: Math.round(manager.idleLockMs / 60_000) }),
  };
}
