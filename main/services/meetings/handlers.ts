import path from 'node:path';
import { writeAuditedExport } from '../../exports/export-files';
import type { DomainHandlers } from '../../ipc/registry';
import { minutesPdf } from '../../meetings/minutes-pdf';
import {
  addAddendum,
  addAgendaItem,
  addGuest,
  commitItem,
  changeJusterare,
  confirmJustering,
  createMeeting,
  decisionLog,
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
  setTeamActionDone,
} from '../../meetings/repository';
import type { VaultManager } from '../../vault/vault-manager';
import { forTeam, reads, writes } from '../compose';

function bounds(manager: VaultManager): { defaultMinutes: number; maxMinutes: number } {
  return { defaultMinutes: Math.round(manager.defaultIdleLockMs / 60_000), maxMinutes: Math.round(manager.maxIdleLockMs / 60_000) };
}

/** The meeting channels: thin — every rule lives in main/meetings (and main/cases for reading). */
export function meetingHandlers(manager: VaultManager): DomainHandlers {
  return {
    'meetings:list': reads(manager, forTeam('read', (input) => input.teamId, (caps, input) => listMeetings(caps, input.teamId))),
    'meetings:get': reads(manager, (caps, input) => getMeeting(caps, input.meetingId)),
    'meetings:create': writes(manager, createMeeting),
    'meetings:set-attendance': writes(manager, setAttendance),
    'meetings:add-guest': writes(manager, addGuest),
    'meetings:remove-guest': writes(manager, (caps, input) => removeGuest(caps, input.guestId)),
    'meetings:add-agenda-item': writes(manager, addAgendaItem),
    'meetings:reorder-agenda': writes(manager, reorderAgenda),
    'meetings:remove-agenda-item': writes(manager, (caps, input) => removeAgendaItem(caps, input.agendaItemId)),
    'meetings:save-draft': writes(manager, saveDraft),
    'meetings:get-draft': reads(manager, (caps, input) => getDraft(caps, input.agendaItemId)),
    'meetings:resume': reads(manager, (caps) => resumePoint(caps)),
    'meetings:commit-item': writes(manager, commitItem),
    'meetings:set-action-done': writes(manager, setActionDone),
    'meetings:finalise': writes(manager, (caps, input) => finaliseMeeting(caps, input.meetingId, { futureDateAcknowledged: input.futureDateAcknowledged, justerareMemberId: input.justerareMemberId })),
    'meetings:confirm-justering': writes(manager, confirmJustering),
    'meetings:change-justerare': writes(manager, changeJusterare),
    'meetings:set-team-action-done': writes(manager, setTeamActionDone),
    'meetings:decisions': reads(manager, forTeam('read', (input) => input.teamId, (caps, input) => decisionLog(caps, input))),
    'meetings:add-addendum': writes(manager, addAddendum),
    // A disclosure, audited once the file is there — its hash and which cases it holds, never their
    // content — and the file removed again if that row cannot be written (writeAuditedExport), which
    // `audited` alone would not do.
    'meetings:minutes-pdf': reads(manager, async (caps, input) => {
      const { pdf, meeting, caseCodes } = await minutesPdf(caps, input.meetingId);
      const written = await writeAuditedExport(input.folder, `protokoll-${meeting.teamName}-${meeting.date}.pdf`, pdf, ({ file, sha256 }) =>
        caps.audit.record('meeting.minutes-exported', { meetingId: meeting.id, sha256, fileName: path.basename(file), cases: caseCodes.join(',') }),
      );
      return { ...written, rows: meeting.agenda.length };
    }),
    // The idle lock is the vault manager's, not the meeting's: lengthening it is handed in.
    'meetings:set-auto-lock': writes(manager, (caps, input) => setMeetingAutoLock(caps, input.meetingId, input.minutes, bounds(manager), (ms) => manager.lengthenIdleLock(ms))),
    'meetings:auto-lock-bounds': () => ({ ...bounds(manager), currentMinutes: Math.round(manager.idleLockMs / 60_000) }),
  };
}
