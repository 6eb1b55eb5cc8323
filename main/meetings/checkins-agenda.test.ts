// The meeting agenda brings up cases due for a check-in after exit (issue 20): a case in
// 'uppfoljning' with an open check-in due on or before the meeting's day is a follow-up on a new
// meeting, its due check-ins shown with the item; recorded, they are no longer due; a reader the
// consent does not cover sees the code only; and meetings:get reads them with one query.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readCaps, writeCaps } from '../capabilities/caps';
import { closeCase, createCase } from '../cases/repository';
import { planCheckins, recordCheckin } from '../cases/lifecycle';
import { teamWorld } from '../cases/test-support/team-world';
import { createMeeting, getMeeting } from './repository';

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((vault) => vault.close()));
});

describe('check-ins after exit on the agenda', () => {
  it('a case due for a check-in is a follow-up on a meeting on or after the due day, not before', async () => {
    const w = await teamWorld(opened, '2026-08-03T09:00:00Z');
    const chair = () => writeCaps(w.chair.vault);
    const make = (consentMode: 'anonymous' | 'consent') => createCase(chair(), { teamId: w.team.id, ageBand: '20-24', consentMode, raisedByOrganisationId: w.chair.vault.account?.organisationId ?? '', ownerMemberId: null });
    const followed = make('anonymous');
    const hidden = make('consent');
    const notYet = make('anonymous');
    for (const c of [followed, hidden, notYet]) closeCase(chair(), { caseId: c.id, outcome: 'studier', outcomeOther: '', date: '2026-08-03', analysis: 'Började studera.' });
    const planned = planCheckins(chair(), { caseId: followed.id, date: '2026-08-03', months: [3, 6] });
    planCheckins(chair(), { caseId: hidden.id, date: '2026-08-03', months: [3] });
    planCheckins(chair(), { caseId: notYet.id, date: '2026-08-03', months: [6] });

    const before = createMeeting(chair(), { teamId: w.team.id, date: '2026-11-02', time: '09:00', chairMemberId: w.chair.member.id, noteTakerMemberId: null });
    expect(before.agenda).toEqual([]);
    const due = createMeeting(chair(), { teamId: w.team.id, date: '2026-11-03', time: '09:00', chairMemberId: w.chair.member.id, noteTakerMemberId: null });
    expect(due.agenda.map((i) => [i.kind, i.caseCode])).toEqual([
      ['follow-up', followed.code],
      ['follow-up', hidden.code],
    ]);
    expect(due.agenda[0]?.checkinsDue).toEqual([{ id: planned.checkins[0]?.id, months: 3, dueOn: '2026-11-03' }]);
    // The note-taker (AF) is not covered by the consent case: its code only, no check-ins.
    const seen = getMeeting(readCaps(w.noteTaker.vault), due.id);
    expect(seen.agenda[1]).toMatchObject({ caseCode: hidden.code, readable: false });
    expect(seen.agenda[1]?.checkinsDue).toBeUndefined();

    // Recorded, the check-in is no longer due on the open meeting.
    w.clock.set('2026-11-03T10:00:00Z');
    recordCheckin(chair(), { checkinId: planned.checkins[0]?.id ?? '', date: '2026-11-03', status: 'studier' });
    expect(getMeeting(readCaps(w.chair.vault), due.id).agenda[0]?.checkinsDue).toBeUndefined();
  });

  it('meetings:get reads the due check-ins with one query, however many cases are followed up', async () => {
    const w = await teamWorld(opened, '2026-08-03T09:00:00Z');
    const chair = () => writeCaps(w.chair.vault);
    const cases = Array.from({ length: 6 }, () => createCase(chair(), { teamId: w.team.id, ageBand: '20-24', consentMode: 'anonymous', raisedByOrganisationId: w.chair.vault.account?.organisationId ?? '', ownerMemberId: null }));
    for (const c of cases) {
      closeCase(chair(), { caseId: c.id, outcome: 'arbete', outcomeOther: '', date: '2026-08-03', analysis: 'Fick arbete.' });
      planCheckins(chair(), { caseId: c.id, date: '2026-08-03', months: [1, 2, 3] });
    }
    const meeting = createMeeting(chair(), { teamId: w.team.id, date: '2026-11-10', time: '09:00', chairMemberId: w.chair.member.id, noteTakerMemberId: null });
    expect(meeting.agenda.map((i) => i.checkinsDue?.length)).toEqual([3, 3, 3, 3, 3, 3]);
    // Count the statements run during the read that touch case_checkins (every statement runs through these methods).
    const prototype = Object.getPrototypeOf(w.chair.vault.db.prepare('SELECT 1')) as Record<'get' | 'all', (...args: unknown[]) => unknown>;
    const sources: string[] = [];
    const spies = (['get', 'all'] as const).map((method) => {
      const original = prototype[method];
      const spy = vi.spyOn(prototype, method).mockImplementation(function (this: { source: string }, ...args: unknown[]) {
        sources.push(this.source);
        return original.apply(this, args);
      });
      return spy;
    });
    try {
      getMeeting(readCaps(w.chair.vault), meeting.id);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    const checkinReads = sources.filter((sql) => sql.includes('case_checkins'));
    expect(checkinReads).toHaveLength(1);
    // …and that query is answered through an index on case_checkins, not a scan of the table.
    const plan = (w.admin.db.prepare(`EXPLAIN QUERY PLAN ${checkinReads[0] ?? ''}`).all(JSON.stringify(cases.map((c) => c.id)), '2026-11-10') as { detail: string }[]).map((r) => r.detail).join('\n');
    expect(plan).toMatch(/case_checkins_(case|open_due)/);
    expect(plan).not.toMatch(/SCAN k\b/);
  });
});
