import type { AgendaItemView, ItemConsentWarning, MeetingChange, MeetingView, TeamActionDue } from './model';

/**
 * The meeting a page holds, with a change's answer merged in (issue 16: a change answers only what
 * it changed). The result equals what `meetings:get` would answer after the change, provided the
 * page was current before it.
 *
 * `null` when the answer does not fit the meeting held — another window (or a second tab) changed
 * the meeting since the page loaded it: an item or a guest this page does not know, an order that
 * names other items, a new item that is not next in line. The page then loads the meeting again.
 */
export function applyMeetingChange(meeting: MeetingView, change: MeetingChange): MeetingView | null {
  if (change.meetingId !== meeting.id) return null;
  switch (change.change) {
    case 'attendance': {
      if (!meeting.attendance.some((a) => a.memberId === change.attendee.memberId)) return null;
      const attendance = meeting.attendance.map((a) => (a.memberId === change.attendee.memberId ? change.attendee : a));
      return withWarnings({ ...meeting, attendance, staffNames: change.staffNames }, change.consentWarnings);
    }
    case 'guest-added':
      if (meeting.guests.some((g) => g.id === change.guest.id)) return null;
      return withWarnings({ ...meeting, guests: [...meeting.guests, change.guest], staffNames: change.staffNames }, change.consentWarnings);
    case 'guest-removed':
      if (!meeting.guests.some((g) => g.id === change.guestId)) return null;
      return withWarnings({ ...meeting, guests: meeting.guests.filter((g) => g.id !== change.guestId), staffNames: change.staffNames }, change.consentWarnings);
    case 'agenda-item-added': {
      const last = meeting.agenda.reduce((max, item) => Math.max(max, item.position), 0);
      if (change.item.position !== last + 1 || meeting.agenda.some((item) => item.id === change.item.id)) return null;
      const agenda = [...meeting.agenda, change.item];
      return { ...meeting, agenda, items: agenda.length };
    }
    case 'agenda-reordered': {
      const byId = new Map(meeting.agenda.map((item) => [item.id, item]));
      if (change.order.length !== byId.size || new Set(change.order).size !== change.order.length) return null;
      const agenda: AgendaItemView[] = [];
      for (const [index, id] of change.order.entries()) {
        const item = byId.get(id);
        if (!item) return null;
        agenda.push({ ...item, position: index + 1 });
      }
      return { ...meeting, agenda };
    }
    case 'agenda-item-removed': {
      if (!meeting.agenda.some((item) => item.id === change.agendaItemId)) return null;
      const agenda = meeting.agenda.filter((item) => item.id !== change.agendaItemId);
      return { ...meeting, agenda, items: agenda.length };
    }
    case 'item-committed':
      if (!meeting.agenda.some((item) => item.id === change.item.id)) return null;
      return { ...meeting, agenda: meeting.agenda.map((item) => (item.id === change.item.id ? change.item : item)) };
    case 'finalised':
      // Finalised minutes do not follow the team's actions any more: the follow-up list goes.
      return withTeamActions({ ...meeting, status: 'finalised', minutesSha256: change.minutesSha256, canEdit: false, canFinalise: false, justering: change.justering ?? null }, undefined);
    case 'justerad':
    case 'justerare-changed':
      if (meeting.status !== 'finalised') return null;
      return { ...meeting, justering: change.justering };
    case 'addendum-added':
      if (meeting.addenda.some((a) => a.id === change.addendum.id)) return null;
      return { ...meeting, addenda: [...meeting.addenda, change.addendum] };
    case 'auto-lock':
      return { ...meeting, autoLockMinutes: change.autoLockMinutes };
    case 'team-action-done': {
      // The action under its övrig punkt, when it is this meeting's; the follow-up list as it is now.
      const action = change.action;
      const agenda = meeting.agenda.map((item) =>
        item.item?.actions.some((a) => a.id === action.id) ? { ...item, item: { ...item.item, actions: item.item.actions.map((a) => (a.id === action.id ? action : a)) } } : item,
      );
      return withTeamActions({ ...meeting, agenda }, change.teamActionsDue);
    }
  }
}

/** The meeting with this follow-up list of the team's actions: the key absent when there are none (as main answers it). */
function withTeamActions(meeting: MeetingView, due: readonly TeamActionDue[] | undefined): MeetingView {
  const rest: MeetingView = { ...meeting };
  delete rest.teamActionsDue;
  return due && due.length > 0 ? { ...rest, teamActionsDue: [...due] } : rest;
}

/** The consent warnings as they are now (who is present changed); an item the page lacks means it is stale. */
function withWarnings(meeting: MeetingView, warnings: readonly ItemConsentWarning[]): MeetingView | null {
  const byItem = new Map(warnings.map((w) => [w.agendaItemId, w]));
  if (warnings.some((w) => !meeting.agenda.some((item) => item.id === w.agendaItemId))) return null;
  return {
    ...meeting,
    agenda: meeting.agenda.map((item) => {
      const warning = byItem.get(item.id);
      return warning ? { ...item, consentWarning: warning.consentWarning, uncoveredOrganisations: warning.uncoveredOrganisations } : item;
    }),
  };
}
