// Follow-up statistics for a seeded year, against hand-computed values. The seeds sit where UTC
// bucketing goes wrong: a case made at 00:30 on 1 May and on 1 January (Stockholm), one just after
// each DST change (where a fixed offset would move it to the neighbouring day and ISO week), an
// action done 00:30 the day after its due date, and ISO week 53 of 2026 (which holds 1 January 2027).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { addConsent, closeCase, createCase } from '../cases/repository';
import { teamWorld } from '../cases/test-support/team-world';
import { addAgendaItem, addGuest, commitItem, createMeeting, finaliseMeeting, setActionDone, setAttendance } from '../meetings/repository';
import { followUpStats } from './stats';
import { readCaps, writeCaps } from '../capabilities/caps';

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((vault) => vault.close()));
});

async function seededYear() {
  const world = await teamWorld(opened, '2026-01-05T08:00:00Z');
  const { chair, noteTaker, fkMember, team, ownOrganisationId, af, fk, clock } = world;
  const vault = chair.vault;
  const newCase = (at: string, consent = false) => {
    clock.set(at);
    const kase = createCase(writeCaps(vault), { teamId: team.id, ageBand: '20-24', consentMode: consent ? 'consent' : 'anonymous', raisedByOrganisationId: ownOrganisationId, ownerMemberId: null });
    if (consent) addConsent(writeCaps(vault), { caseId: kase.id, organisationId: af.id, direction: 'both', categories: ['labour-market'], purpose: 'Samordning', validFrom: '2026-01-01', validTo: '2027-12-31', guardianConsent: false, paperFiledAt: 'Akten' });
    return kase;
  };
  const meeting = (at: string, date: string, caseIds: string[], actions: { text: string; dueDate: string }[] = []) => {
    clock.set(at);
    const m = createMeeting(writeCaps(vault), { teamId: team.id, date, time: '09:00', chairMemberId: chair.member.id, noteTakerMemberId: null });
    for (const caseId of caseIds) {
      const item = addAgendaItem(writeCaps(vault), { meetingId: m.id, caseId }).item;
      commitItem(writeCaps(vault), { agendaItemId: item?.id ?? '', body: { notes: 'Anteckning.', decisions: '', nextFollowUp: null, actions: caseId === caseIds[0] ? actions.map((a) => ({ ...a, responsibleMemberId: null })) : [] } });
    }
    return m;
  };

  const c1 = newCase('2026-02-10T10:00:00Z'); // T1, W07
  const c2 = newCase('2026-03-29T22:30:00Z'); // 00:30 on Monday 30 March (CEST): W14, not Sunday W13
  const m1 = meeting('2026-03-10T08:00:00Z', '2026-03-10', [c1.id], [{ text: 'Ring arbetsgivaren', dueDate: '2026-03-29' }]); // W11
  setAttendance(writeCaps(vault), { meetingId: m1.id, memberId: chair.member.id, status: 'present' });
  setAttendance(writeCaps(vault), { meetingId: m1.id, memberId: noteTaker.member.id, status: 'present' });
  setAttendance(writeCaps(vault), { meetingId: m1.id, memberId: fkMember.member.id, status: 'absent' });
  addGuest(writeCaps(vault), { meetingId: m1.id, name: 'Gästa Gäst', organisationId: fk.id });
  finaliseMeeting(writeCaps(vault), m1.id);
  // Done 00:30 on 30 March in Stockholm: a day late (its UTC date, 29 March, would look on time).
  clock.set('2026-03-29T22:30:00Z');
  const [late] = vault.db.prepare('SELECT id FROM actions').all() as { id: string }[];
  setActionDone(writeCaps(vault), { actionId: late?.id ?? '', done: true });

  const c3 = newCase('2026-04-30T22:30:00Z', true); // 00:30 on 1 May: T2 (UTC says T1)
  const m2 = meeting('2026-05-12T07:00:00Z', '2026-05-12', [c1.id, c3.id], [{ text: 'Boka studiebesök', dueDate: '2026-05-20' }]); // W20
  finaliseMeeting(writeCaps(vault), m2.id);
  clock.set('2026-05-19T10:00:00Z');
  const onTime = vault.db.prepare("SELECT id FROM actions WHERE due_date = '2026-05-20'").get() as { id: string };
  setActionDone(writeCaps(vault), { actionId: onTime.id, done: true });
  clock.set('2026-06-15T10:00:00Z');
  closeCase(writeCaps(vault), { caseId: c1.id, outcome: 'arbete', outcomeOther: '', date: '2026-06-15' });
  // A supervision session held in May (its repository is tested elsewhere; seeded as it stores it).
  vault.db.prepare("INSERT INTO supervision_sessions (id, team_id, date, form, status, held_at, created_at, created_by) VALUES ('00000000-0000-4000-8000-000000000001', ?, '2026-05-20', 'process', 'held', '2026-05-20T10:00:00Z', '2026-05-20T10:00:00Z', ?)").run(team.id, vault.account?.id);

  const c4 = newCase('2026-10-25T22:30:00Z'); // 23:30 on Sunday 25 October (CET after the change): W43, not Monday W44
  const m3 = meeting('2026-12-29T08:00:00Z', '2026-12-29', [c4.id]); // ISO week 53 of 2026
  finaliseMeeting(writeCaps(vault), m3.id);
  clock.set('2026-12-30T10:00:00Z');
  closeCase(writeCaps(vault), { caseId: c4.id, outcome: 'studier', outcomeOther: '', date: '2026-12-30' });
  newCase('2026-12-31T23:30:00Z'); // 00:30 on 1 January 2027: year 2027, T1 — and ISO week 2026-W53
  return { ...world, vault, c2 };
}

describe('follow-up statistics', () => {
  it('a seeded year matches the hand-computed values, bucketed by Stockholm dates', async () => {
    const { vault, team } = await seededYear();
    // The participant figures have their own seeded year (participants.test.ts).
    const { participants: _participants, ...figures } = followUpStats(readCaps(vault), team.id, { kind: 'year', year: 2026 });
    expect(figures).toEqual({
      teamId: team.id,
      from: '2026-01-01',
      to: '2026-12-31',
      meetingsHeld: 3,
      weekly: [
        { week: '2026-W07', meetings: 0, newCases: 1 },
        { week: '2026-W11', meetings: 1, newCases: 0 },
        { week: '2026-W14', meetings: 0, newCases: 1 },
        { week: '2026-W18', meetings: 0, newCases: 1 },
        { week: '2026-W20', meetings: 1, newCases: 0 },
        { week: '2026-W43', meetings: 0, newCases: 1 },
        { week: '2026-W53', meetings: 1, newCases: 0 },
      ],
      // A new meeting lists the team as present: three meetings, each with the chair (own organisation),
      // the note-taker (AF) and the FK member — who was absent in March, when an FK guest came instead.
      attendance: [
        { label: 'Arbetsförmedlingen', count: 3 },
        { label: 'Försäkringskassan', count: 3 },
        { label: 'Samordningsteamet Väst', count: 3 },
      ],
      casesDiscussed: { consent: 1, anonymous: 2 },
      newCases: 4,
      closedCases: 2,
      outcomes: [
        { label: 'arbete', count: 1 },
        { label: 'arbete-med-stod', count: 0 },
        { label: 'studier', count: 1 },
        { label: 'arbetssokande', count: 0 },
        { label: 'annan-insats', count: 0 },
        { label: 'avbrott', count: 0 },
        { label: 'annat', count: 0 },
      ],
      supervisionSessions: 1,
      // Every partner organisation has a row, zeros included.
      handoversSent: [
        { label: 'Arbetsförmedlingen', count: 0 },
        { label: 'Försäkringskassan', count: 0 },
      ],
      handoversReceived: [
        { label: 'Arbetsförmedlingen', count: 0 },
        { label: 'Försäkringskassan', count: 0 },
      ],
      actions: { due: 2, doneOnTime: 1, late: 1, notDone: 0 },
    });
  });

  it('tertials and years take 00:30 on 1 May and on 1 January where Stockholm has them', async () => {
    const { vault, team } = await seededYear();
    const t = (year: number, tertial: 1 | 2 | 3) => followUpStats(readCaps(vault), team.id, { kind: 'tertial', year, tertial });
    expect([t(2026, 1).newCases, t(2026, 2).newCases, t(2026, 3).newCases, t(2027, 1).newCases]).toEqual([2, 1, 1, 1]);
    expect([t(2026, 1).meetingsHeld, t(2026, 2).meetingsHeld, t(2026, 3).meetingsHeld]).toEqual([1, 1, 1]);
    expect([t(2026, 2).closedCases, t(2026, 3).closedCases]).toEqual([1, 1]);
    expect(t(2026, 2).outcomes.find((o) => o.label === 'arbete')?.count).toBe(1);
    expect(t(2026, 1).actions).toEqual({ due: 1, doneOnTime: 0, late: 1, notDone: 0 });
    expect(t(2026, 2).actions).toEqual({ due: 1, doneOnTime: 1, late: 0, notDone: 0 });
    expect(followUpStats(readCaps(vault), team.id, { kind: 'year', year: 2027 }).weekly).toEqual([{ week: '2026-W53', meetings: 0, newCases: 1 }]);
    // ISO week 53 of 2026 runs from 28 December 2026 to 3 January 2027.
    const week53 = followUpStats(readCaps(vault), team.id, { kind: 'custom', from: '2026-12-28', to: '2027-01-03' });
    expect(week53).toMatchObject({ meetingsHeld: 1, newCases: 1, closedCases: 1, weekly: [{ week: '2026-W53', meetings: 1, newCases: 1 }] });
  });

  it('is for the team’s members; case figures count only the cases the reader may read today', async () => {
    const { outsider, admin, fkMember, team, vault, chair } = await seededYear();
    expect(() => followUpStats(readCaps(outsider.vault), team.id, { kind: 'year', year: 2026 })).toThrow(expect.objectContaining({ code: 'forbidden' }));
    // An admin is not a reader of a team's records by being admin.
    expect(() => followUpStats(readCaps(admin), team.id, { kind: 'year', year: 2026 })).toThrow(expect.objectContaining({ code: 'forbidden' }));
    // The FK member's organisation is not covered by the consent case's consent: it is not counted for her.
    const fk = followUpStats(readCaps(fkMember.vault), team.id, { kind: 'year', year: 2026 });
    expect(fk).toMatchObject({ meetingsHeld: 3, newCases: 3, casesDiscussed: { consent: 0, anonymous: 2 } });
    // Not even a one-day period tells her about it.
    expect(followUpStats(readCaps(fkMember.vault), team.id, { kind: 'custom', from: '2026-05-01', to: '2026-05-01' }).newCases).toBe(0);
    expect(followUpStats(readCaps(vault), team.id, { kind: 'custom', from: '2026-05-01', to: '2026-05-01' }).newCases).toBe(1);
    // Actions in a meeting that is still open are not in the figures until its minutes are finalised.
    const open = createMeeting(writeCaps(vault), { teamId: team.id, date: '2026-12-01', time: '09:00', chairMemberId: chair.member.id, noteTakerMemberId: null });
    const kase = createCase(writeCaps(vault), { teamId: team.id, ageBand: '16-19', consentMode: 'anonymous', raisedByOrganisationId: (vault.db.prepare('SELECT id FROM organisations WHERE is_own = 1').get() as { id: string }).id, ownerMemberId: null });
    const item = addAgendaItem(writeCaps(vault), { meetingId: open.id, caseId: kase.id }).item;
    commitItem(writeCaps(vault), { agendaItemId: item?.id ?? '', body: { notes: 'Öppet möte.', decisions: '', nextFollowUp: null, actions: [{ text: 'Ring', responsibleMemberId: null, dueDate: '2026-12-02' }] } });
    expect(followUpStats(readCaps(vault), team.id, { kind: 'year', year: 2026 }).actions.due).toBe(2);
  });

  it('finds the period’s rows by their dates: no statement walks a whole table or a team’s whole history (migration 012)', async () => {
    const { vault, team } = await seededYear();
    const db = vault.db;
    // The reader's roles (the access context every read computes first) are not the figures' statements: read once before the spy.
    expect(readCaps(vault).access.readTeams.has(team.id)).toBe(true);
    const statements: { sql: string; params: unknown }[] = [];
    const prepare = db.prepare.bind(db);
    // Each statement the figures run, with its parameters, for EXPLAIN QUERY PLAN below.
    const spy = vi.spyOn(db, 'prepare').mockImplementation((sql: string) => {
      const statement = prepare(sql);
      const all = statement.all.bind(statement);
      const get = statement.get.bind(statement);
      return Object.assign(statement, {
        all: (params: unknown) => (statements.push({ sql, params }), all(params)),
        get: (params: unknown) => (statements.push({ sql, params }), get(params)),
      });
    });
    try {
      followUpStats(readCaps(vault), team.id, { kind: 'year', year: 2026 });
    } finally {
      spy.mockRestore();
    }
    const plans = statements.map(({ sql, params }) => ({ sql, plan: (prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((r) => r.detail) }));
    expect(plans.length).toBeGreaterThan(5);
    for (const { sql, plan } of plans) {
      // Only json_each (the reader's teams), the query's own co-routines and the partner organisations are scanned.
      expect(plan.filter((line) => /^SCAN /.test(line) && !/^SCAN (json_each|x|\(subquery|organisations$)/.test(line)), sql).toEqual([]);
      // A team's every case or every meeting is never a statement's starting point.
      expect(plan.filter((line) => /USING (COVERING )?INDEX (cases_team|meetings_team) \(team_id=\?\)$/.test(line)), sql).toEqual([]);
      // Nor a date bounded from above only (everything before the period: the vault's whole past), nor
      // all timeline events of a kind — per case, that walk grew with the vault (measured: 24 ms at 1×, 233 ms at 10×).
      expect(plan.filter((line) => /INDEX \w+ \((team_id=\? AND )?\w+<\?\)$/.test(line) || /case_events_kind_day \(kind=\?\)$/.test(line)), sql).toEqual([]);
      // The timeline is read by kind only for a period's own events (bounded on both sides); every
      // lookup for one case goes through the case's own events (review: a kind with a one-sided day
      // bound is every case's exits or reopenings since the vault began, per case).
      expect(plan.filter((line) => /case_events_kind_day/.test(line) && !/case_events_kind_day \(kind=\? AND on_date>\? AND on_date<\?\)$/.test(line)), sql).toEqual([]);
    }
    const all = plans.flatMap((p) => p.plan).join('\n');
    expect(all).toContain('actions_due (due_date>? AND due_date<?)');
    expect(all).toContain('cases_team_created (team_id=? AND created_at>? AND created_at<?)');
    // The period's exits by their day on the timeline (migration 022), not by the case row (a reopened case keeps its exit).
    expect(all).toContain('case_events_kind_day (kind=? AND on_date>? AND on_date<?)');
    // The cases that may be participants: closed since a day, on migration 014's index.
    expect(all).toMatch(/cases_team_status_closed \(team_id=\? AND status=\? AND closed_on>\?\)/);
  });
});
