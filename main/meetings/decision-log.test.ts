// The team's decision log a page at a time (issue 16's rule for a decade vault, on issue 20's log),
// on a real encrypted vault: pages of 20 meetings, newest first, none skipped or repeated — two
// meetings at the same day and time included — the cursor another team's meeting refused, and
// each page audited with its own cases only.
import { afterEach, describe, expect, it } from 'vitest';
import { DECISION_LOG_PAGE_MEETINGS } from '../../shared/meetings/model';
import { readCaps, writeCaps } from '../capabilities/caps';
import { createCase } from '../cases/repository';
import { teamWorld } from '../cases/test-support/team-world';
import { addAgendaItem, commitItem, createMeeting, decisionLog, finaliseMeeting } from './repository';

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((vault) => vault.close()));
});

const body = (decisions: string) => ({ notes: '', decisions, nextFollowUp: null, actions: [] });

describe('the decision log, a page at a time', () => {
  it('pages 45 justerade minutes newest first by day, time and id; no meeting skipped or repeated; older pages only on request', async () => {
    const { chair, noteTaker, team, ownOrganisationId, admin } = await teamWorld(opened);
    const caps = () => writeCaps(chair.vault);
    const kase = createCase(caps(), { teamId: team.id, ageBand: '20-24', consentMode: 'anonymous', raisedByOrganisationId: ownOrganisationId, ownerMemberId: null });
    const made: { id: string; date: string; time: string }[] = [];
    for (let i = 0; i < 45; i++) {
      // Weekly from 2026-01-06; meetings 24 and 25 share a day and a time, and the first page ends between them.
      const day = new Date(Date.UTC(2026, 0, 6 + 7 * (i === 24 ? 25 : i)));
      const date = day.toISOString().slice(0, 10);
      const time = '09:00';
      const meeting = createMeeting(caps(), { teamId: team.id, date, time, chairMemberId: chair.member.id, noteTakerMemberId: noteTaker.member.id });
      const point = addAgendaItem(caps(), { meetingId: meeting.id, title: `Rutin ${i}` }).item;
      commitItem(caps(), { agendaItemId: point.id, body: body(`Beslut ${i}`) });
      if (i % 10 === 0) {
        const item = addAgendaItem(caps(), { meetingId: meeting.id, caseId: kase.id }).item;
        commitItem(caps(), { agendaItemId: item.id, body: body(`Ärendebeslut ${i}`) });
      }
      finaliseMeeting(caps(), meeting.id, { futureDateAcknowledged: true });
      made.push({ id: meeting.id, date, time });
    }
    // A meeting without any decision is never a page's entry (nor does it fill a page).
    const quiet = createMeeting(caps(), { teamId: team.id, date: '2026-06-03', time: '09:00', chairMemberId: chair.member.id, noteTakerMemberId: null });
    finaliseMeeting(caps(), quiet.id, { futureDateAcknowledged: true });

    const expected = [...made].sort((a, b) => b.date.localeCompare(a.date) || b.time.localeCompare(a.time) || b.id.localeCompare(a.id)).map((m) => m.id);
    const pages: string[][] = [];
    let before: string | null | undefined;
    do {
      const page = decisionLog(readCaps(chair.vault), before ? { teamId: team.id, before } : { teamId: team.id });
      pages.push([...new Set(page.entries.map((e) => e.meetingId))]);
      before = page.before;
    } while (before !== null);
    expect(pages.map((p) => p.length)).toEqual([DECISION_LOG_PAGE_MEETINGS, DECISION_LOG_PAGE_MEETINGS, 5]);
    expect(pages.flat()).toEqual(expected);
    // Within a meeting, its items in agenda order; the case's decision under its code.
    const first = decisionLog(readCaps(chair.vault), { teamId: team.id });
    expect(first.entries.filter((e) => e.meetingId === made[40]?.id).map((e) => e.decisions)).toEqual(['Beslut 40', 'Ärendebeslut 40']);
    expect(first.entries.find((e) => e.decisions === 'Ärendebeslut 40')?.caseCode).toBe(kase.code);

    // Each page is audited with the cases it showed (the case's decisions are in meetings 40, 30, 20, 10 and 0: on every page).
    const reads = (admin.db.prepare("SELECT detail FROM audit_log WHERE action = 'meeting.decisions-read' ORDER BY seq").all() as { detail: string }[]).map((r) => JSON.parse(r.detail) as { cases: string });
    expect(reads.slice(0, 3).map((r) => r.cases)).toEqual([kase.code, kase.code, kase.code]);

    // A cursor from another team, or a meeting that does not exist, is refused.
    const other = await teamWorld(opened);
    const foreign = createMeeting(writeCaps(other.chair.vault), { teamId: other.team.id, date: '2026-01-13', time: '09:00', chairMemberId: other.chair.member.id, noteTakerMemberId: null });
    expect(() => decisionLog(readCaps(chair.vault), { teamId: team.id, before: foreign.id })).toThrow(expect.objectContaining({ code: 'not_found' }));
  });
});
