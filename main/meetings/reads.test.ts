// Opening a meeting costs the same whatever the agenda's length (issue 16): a fixed number of
// queries, compiled once per connection; a change's answer is not logged as a read. So are the
// minutes record and the resume point.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { addConsent, createCase } from '../cases/repository';
import { teamWorld } from '../cases/test-support/team-world';
import type { UnlockedVault } from '../vault/vault';
import { addAgendaItem, addGuest, commitItem, createMeeting, getMeeting, minutesRecord, reorderAgenda, resumePoint, setAttendance } from './repository';
import { searchItems } from './search';
import { readCaps, writeCaps } from '../capabilities/caps';

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(opened.splice(0).map((vault) => vault.close()));
});

async function meetingWith(cases: number) {
  const world = await teamWorld(opened);
  const { chair, team, ownOrganisationId, fk } = world;
  const meeting = createMeeting(writeCaps(chair.vault), { teamId: team.id, date: '2026-11-24', time: '09:00', chairMemberId: chair.member.id, noteTakerMemberId: world.noteTaker.member.id });
  for (let i = 0; i < cases; i++) {
    const consent = i % 2 === 1;
    const kase = createCase(writeCaps(chair.vault), { teamId: team.id, ageBand: '20-24', consentMode: consent ? 'consent' : 'anonymous', raisedByOrganisationId: ownOrganisationId, ownerMemberId: null });
    if (consent) addConsent(writeCaps(chair.vault), { caseId: kase.id, organisationId: fk.id, direction: 'both', categories: ['labour-market'], purpose: 'Planering', validFrom: '2026-11-01', validTo: '2027-05-31', guardianConsent: false, paperFiledAt: 'Akten' });
    const item = addAgendaItem(writeCaps(chair.vault), { meetingId: meeting.id, caseId: kase.id }).item;
    commitItem(writeCaps(chair.vault), { agendaItemId: item?.id ?? '', body: { notes: `Anteckning ${i}`, decisions: '', nextFollowUp: null, actions: [{ text: `Åtgärd ${i}`, responsibleMemberId: null, dueDate: '2026-12-01' }] } });
  }
  return { ...world, meeting };
}

/** How many statements run, and how many are compiled, while `fn` runs on `vault`'s connection. */
function counted(vault: UnlockedVault, fn: () => unknown): { runs: number; prepares: number } {
  const prototype = Object.getPrototypeOf(vault.db.prepare('SELECT 1')) as Record<'get' | 'all' | 'run' | 'iterate', (...args: unknown[]) => unknown>;
  let runs = 0;
  const spies = (['get', 'all', 'run', 'iterate'] as const).map((method) => {
    const original = prototype[method];
    return vi.spyOn(prototype, method).mockImplementation(function (this: unknown, ...args: unknown[]) {
      runs += 1;
      return original.apply(this, args);
    });
  });
  const prepare = vi.spyOn(vault.db, 'prepare');
  try {
    fn();
    return { runs, prepares: prepare.mock.calls.length };
  } finally {
    for (const spy of [...spies, prepare]) spy.mockRestore();
  }
}

describe('opening a meeting', () => {
  it('runs as many queries for twelve discussed cases as for two, and compiles none the second time', async () => {
    const small = await meetingWith(2);
    const large = await meetingWith(12);
    for (const world of [small, large]) {
      // Each reader once: the chair (consent warnings), the note-taker (consent cases closed to AF), the FK member.
      for (const reader of [world.chair, world.noteTaker, world.fkMember]) getMeeting(readCaps(reader.vault), world.meeting.id);
    }
    const runs = (world: typeof small) => [world.chair, world.noteTaker, world.fkMember].map((reader) => counted(reader.vault, () => getMeeting(readCaps(reader.vault), world.meeting.id)));
    const few = runs(small);
    const many = runs(large);
    expect(many.map((c) => c.runs)).toEqual(few.map((c) => c.runs));
    expect(Math.max(...many.map((c) => c.runs))).toBeLessThanOrEqual(16);
    expect(many.map((c) => c.prepares)).toEqual([0, 0, 0]);
    // And the answer is still per reader: AF is not covered by the consent cases' consents.
    const asNoteTaker = getMeeting(readCaps(large.noteTaker.vault), large.meeting.id);
    expect(asNoteTaker.agenda.filter((a) => a.readable)).toHaveLength(6);
    expect(asNoteTaker.agenda.filter((a) => !a.readable).every((a) => a.item === null && a.unreadableReason === 'no-consent')).toBe(true);
    expect(JSON.stringify(asNoteTaker)).not.toContain('Anteckning 1"');
    const asChair = getMeeting(readCaps(large.chair.vault), large.meeting.id);
    expect(asChair.agenda.every((a) => a.readable && a.item?.actions.length === 1)).toBe(true);
    expect(asChair.agenda.filter((a) => a.consentWarning === 'not-covering-present').map((a) => a.uncoveredOrganisations)).toEqual(Array.from({ length: 6 }, () => ['Arbetsförmedlingen']));
  });

  it("runs as many queries for twelve övriga punkter with actions, and twelve of the team's actions to follow up, as for two (issue 20)", async () => {
    const worlds = await Promise.all(
      [2, 12].map(async (points) => {
        const world = await meetingWith(1);
        const { chair, team } = world;
        for (let i = 0; i < points; i++) {
          const point = addAgendaItem(writeCaps(chair.vault), { meetingId: world.meeting.id, title: `Punkt ${i}` }).item;
          commitItem(writeCaps(chair.vault), { agendaItemId: point.id, body: { notes: `Övrigt ${i}`, decisions: '', nextFollowUp: null, actions: [{ text: `Teamets åtgärd ${i}`, responsibleMemberId: null, dueDate: '2026-12-01' }] } });
        }
        const next = createMeeting(writeCaps(chair.vault), { teamId: team.id, date: '2026-12-01', time: '09:00', chairMemberId: chair.member.id, noteTakerMemberId: null });
        return { ...world, next, points };
      }),
    );
    for (const world of worlds) for (const id of [world.meeting.id, world.next.id]) getMeeting(readCaps(world.chair.vault), id);
    const runs = worlds.map((world) => [world.meeting.id, world.next.id].map((id) => counted(world.chair.vault, () => getMeeting(readCaps(world.chair.vault), id))));
    expect(runs[1]).toEqual(runs[0]);
    expect(Math.max(...(runs[1] ?? []).map((c) => c.runs))).toBeLessThanOrEqual(16);
    expect((runs[1] ?? []).map((c) => c.prepares)).toEqual([0, 0]);
    for (const world of worlds) {
      expect(getMeeting(readCaps(world.chair.vault), world.meeting.id).agenda.filter((a) => a.kind === 'other').map((a) => a.item?.actions.map((x) => x.text))).toEqual(
        Array.from({ length: world.points }, (_, i) => [`Teamets åtgärd ${i}`]),
      );
      expect(getMeeting(readCaps(world.chair.vault), world.next.id).teamActionsDue).toHaveLength(world.points);
    }
  });

  it('is logged as a read when opened; a change answers what it changed without logging another read', async () => {
    const { chair, fkMember, meeting, admin, fk } = await meetingWith(2);
    const reads = () => (admin.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'meeting.read'").get() as { n: number }).n;
    const before = reads();
    const view = getMeeting(readCaps(chair.vault), meeting.id);
    expect(reads()).toBe(before + 1);
    const changed = [
      addGuest(writeCaps(chair.vault), { meetingId: meeting.id, name: 'Gästa Gäst', organisationId: fk.id }),
      setAttendance(writeCaps(chair.vault), { meetingId: meeting.id, memberId: fkMember.member.id, status: 'excused' }),
      reorderAgenda(writeCaps(chair.vault), { meetingId: meeting.id, itemIds: [...view.agenda.map((a) => a.id)].reverse() }),
    ];
    expect(changed[2]).toEqual({ change: 'agenda-reordered', meetingId: meeting.id, order: [...view.agenda.map((a) => a.id)].reverse() });
    expect(reads()).toBe(before + 1);
    // Each change wrote its own row naming the meeting.
    const rows = admin.db.prepare("SELECT action FROM audit_log WHERE action IN ('meeting.guest-added', 'meeting.attendance', 'meeting.agenda-reordered') ORDER BY seq").all();
    expect(rows).toEqual([{ action: 'meeting.guest-added' }, { action: 'meeting.attendance' }, { action: 'meeting.agenda-reordered' }]);
  });
});

describe('the minutes record and where an author left off', () => {
  it('run as many statements for twelve items as for two, compiled once', async () => {
    const small = await meetingWith(2);
    const large = await meetingWith(12);
    for (const world of [small, large]) minutesRecord(readCaps(world.chair.vault), world.meeting.id);
    const records = [small, large].map((world) => counted(world.chair.vault, () => minutesRecord(readCaps(world.chair.vault), world.meeting.id)));
    expect(records[1]).toEqual(records[0]);
    expect(records[1]).toEqual({ runs: expect.any(Number), prepares: 0 });
    expect(records[1]?.runs).toBeLessThanOrEqual(6);
    // Every item with its discussion and its action, in agenda order.
    const record = minutesRecord(readCaps(large.chair.vault), large.meeting.id) as { agenda: { notes: string; actions: { text: string }[] }[] };
    expect(record.agenda.map((item) => [item.notes, item.actions.map((a) => a.text)])).toEqual(Array.from({ length: 12 }, (_, i) => [`Anteckning ${i}`, [`Åtgärd ${i}`]]));

    // The note-taker (AF) has a draft on every item, the newest on the consent cases AF may not
    // read (written while a consent covered AF): the resume point passes over them to the newest
    // readable one, in the same number of statements however many it passes over.
    const drafts = (world: typeof small) => {
      const items = getMeeting(readCaps(world.chair.vault), world.meeting.id, { audit: false }).agenda;
      const insert = world.admin.db.prepare('INSERT INTO item_drafts (account_id, agenda_item_id, body, saved_at) VALUES (?, ?, ?, ?)');
      items.forEach((item, i) => insert.run(world.noteTaker.vault.account?.id, item.id, '{}', `2026-11-23T09:${String(i % 2 === 1 ? 30 + i : i).padStart(2, '0')}:00.000Z`));
      return items;
    };
    const points = [small, large].map((world) => {
      const items = drafts(world);
      resumePoint(readCaps(world.noteTaker.vault));
      const count = counted(world.noteTaker.vault, () => resumePoint(readCaps(world.noteTaker.vault)));
      return { count, point: resumePoint(readCaps(world.noteTaker.vault)), newestReadable: items.filter((_, i) => i % 2 === 0).at(-1)?.id };
    });
    expect(points.map((p) => p.point?.agendaItemId)).toEqual(points.map((p) => p.newestReadable));
    expect(points[1]?.count).toEqual(points[0]?.count);
    expect(points[1]?.count.prepares).toBe(0);
    expect(points[1]?.count.runs).toBeLessThanOrEqual(6);
  });
});

describe('search', () => {
  it('answers a page, best first by bm25, with a total that counts only what the reader may read', async () => {
    const { chair, noteTaker, outsider, meeting, team } = await meetingWith(12);
    const agenda = getMeeting(readCaps(chair.vault), meeting.id, { audit: false }).agenda;
    // One discussion says it three times in a short text: it ranks first.
    commitItem(writeCaps(chair.vault), { agendaItemId: agenda[4]?.id ?? '', body: { notes: 'Anteckning, anteckning, anteckning.', decisions: '', nextFollowUp: null, actions: [] } });
    const first = searchItems(readCaps(chair.vault), 'anteckning', team.id, { limit: 5 });
    expect(first).toMatchObject({ total: 12, offset: 0, limit: 5 });
    expect(first.hits).toHaveLength(5);
    expect(first.hits[0]?.caseCode).toBe(agenda[4]?.caseCode);
    expect(first.hits[0]?.snippet).toContain('\u0002Anteckning\u0003');
    const pages = [first, searchItems(readCaps(chair.vault), 'anteckning', team.id, { offset: 5, limit: 5 }), searchItems(readCaps(chair.vault), 'anteckning', team.id, { offset: 10, limit: 5 })];
    expect(pages.map((page) => page.hits.length)).toEqual([5, 5, 2]);
    expect(new Set(pages.flatMap((page) => page.hits.map((hit) => hit.caseCode)))).toEqual(new Set(agenda.map((a) => a.caseCode)));
    // Past the end: no hits, the total still told.
    expect(searchItems(readCaps(chair.vault), 'anteckning', team.id, { offset: 40, limit: 5 })).toEqual({ hits: [], total: 12, capped: false, offset: 40, limit: 5 });
    // The note-taker's organisation (AF) is not covered by the six consent cases: neither shown nor counted, on any page.
    const asNoteTaker = searchItems(readCaps(noteTaker.vault), 'anteckning', undefined, { limit: 100 });
    expect(asNoteTaker.total).toBe(6);
    expect(asNoteTaker.hits.map((hit) => hit.caseCode).sort()).toEqual(agenda.filter((_, i) => i % 2 === 0).map((a) => a.caseCode).sort());
    expect(searchItems(readCaps(noteTaker.vault), 'anteckning', undefined, { offset: 6 })).toMatchObject({ hits: [], total: 6 });
    // Someone in no team finds nothing and learns no count; a team they are not in is refused.
    expect(searchItems(readCaps(outsider.vault), 'anteckning')).toMatchObject({ hits: [], total: 0 });
    expect(() => searchItems(readCaps(outsider.vault), 'anteckning', team.id)).toThrow(expect.objectContaining({ code: 'forbidden' }));
  });

  it('ranks the newest hits up to the window, and says when older ones lie beyond it', async () => {
    const { chair, meeting, team } = await meetingWith(12);
    const agenda = getMeeting(readCaps(chair.vault), meeting.id, { audit: false }).agenda;
    commitItem(writeCaps(chair.vault), { agendaItemId: agenda[4]?.id ?? '', body: { notes: 'Anteckning, anteckning, anteckning.', decisions: '', nextFollowUp: null, actions: [] } });
    // Newest first in the index: the rowids grow as items are committed.
    const newest = (chair.vault.db.prepare('SELECT c.code FROM search_entries e JOIN cases c ON c.id = e.case_id ORDER BY e.id DESC LIMIT 8').all() as { code: string }[]).map((r) => r.code);
    const pages = [0, 5].map((offset) => searchItems(readCaps(chair.vault), 'anteckning', team.id, { offset, limit: 5 }, 8));
    expect(pages.map((page) => [page.total, page.capped, page.hits.length])).toEqual([
      [8, true, 5],
      [8, true, 3],
    ]);
    expect(pages.flatMap((page) => page.hits.map((hit) => hit.caseCode)).sort()).toEqual([...newest].sort());
    // Best first among them: the text that says it three times.
    expect(pages[0]?.hits[0]?.caseCode).toBe(agenda[4]?.caseCode);
    expect(searchItems(readCaps(chair.vault), 'anteckning', team.id, { offset: 20, limit: 5 }, 8)).toEqual({ hits: [], total: 8, capped: true, offset: 20, limit: 5 });
    // Exactly as many hits as the window holds: not capped.
    expect(searchItems(readCaps(chair.vault), 'anteckning', team.id, {}, 12)).toMatchObject({ total: 12, capped: false });
  });
});
