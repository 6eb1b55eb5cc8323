// A quick local measure of the hot reads (issue 16), before and after: `seed DIR` builds a vault
// through the real services (fictitious data: invented codes and words, no names of real people),
// `measure DIR` opens it (migrating it if this build is newer) and times meeting open, search,
// statistics and a commit, in-process and warm. Not `npm run bench` (that is the decade bench);
// bundle with esbuild and run with Node 22:
//   npx esbuild bench/quick-reads.ts --bundle --platform=node --format=esm --packages=external --outfile=out/quick-reads.mjs
//   node_modules/.bin/node out/quick-reads.mjs seed /tmp/quick && node_modules/.bin/node out/quick-reads.mjs measure /tmp/quick
import { randomUUID } from 'node:crypto';
import { addConsent, createCase } from '../main/cases/repository';
import { followUpStats } from '../main/followup/stats';
import { addAgendaItem, commitItem, createMeeting, finaliseMeeting, getMeeting } from '../main/meetings/repository';
import { searchItems } from '../main/meetings/search';
import { purgePreview } from '../main/retention/purge';
import { listCases } from '../main/cases/repository';
import { linkAccount, saveMember, saveOrganisation, saveTeam, setMembership } from '../main/roster/repository';
import { ManualClock } from '../main/runtime/clock';
import { MemoryLogger } from '../main/runtime/log';
import { FLOOR_KDF } from '../main/vault/test-support/fast-kdf';
import { type AccountInfo, type UnlockedVault, createVault, unlockVault } from '../main/vault/vault';
import { readCaps, writeCaps } from '../main/capabilities/caps';

const PASSWORD = 'möte varje tisdag klockan nio';
const WORDS = ['praktik', 'studiebesök', 'truckkort', 'handledare', 'lagerarbete', 'körkort', 'boende', 'schema', 'motivation', 'kontakt', 'uppföljning', 'aktivitet', 'ansökan', 'utbildning', 'hälsa'];
const TEAMS = 3;
const MEETINGS_PER_TEAM = 60;
const ITEMS_PER_MEETING = 20;
const CASES_PER_TEAM = 300;

let seed = 42;
const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
const sentence = (): string => Array.from({ length: 12 }, () => pick(WORDS)).join(' ') + '.';

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

async function seedVault(dataDir: string): Promise<void> {
  const clock = new ManualClock('2024-01-02T08:00:00Z');
  const deps = { clock, logger: new MemoryLogger(), kdf: FLOOR_KDF };
  await createVault(dataDir, { orgName: 'Samordningsteamet Väst', orgNumber: '212000-2627', admin: { username: 'admin', displayName: 'Anna Admin', password: PASSWORD } }, deps);
  const admin = await unlockVault(dataDir, 'admin', PASSWORD, deps);
  const own = (admin.db.prepare('SELECT id FROM organisations WHERE is_own = 1').get() as { id: string }).id;
  const af = saveOrganisation(writeCaps(admin), { name: 'Arbetsförmedlingen', shortName: 'AF', orgNumber: '202100-2114', kind: 'arbetsformedlingen' });
  const fk = saveOrganisation(writeCaps(admin), { name: 'Försäkringskassan', shortName: 'FK', orgNumber: '202100-5521', kind: 'forsakringskassan' });
  const account = (username: string, organisationId: string): UnlockedVault => {
    const id = randomUUID();
    admin.db.prepare('INSERT INTO accounts (id, username, display_name, organisation_id, is_admin, is_psychologist, created_at) VALUES (?, ?, ?, ?, 0, 0, ?)').run(id, username, username, organisationId, clock.now().toISOString());
    return admin.as({ id, username, displayName: username, organisationId, roles: [], mustChangePassword: false });
  };
  for (let t = 0; t < TEAMS; t++) {
    const team = saveTeam(writeCaps(admin), { name: `Team ${t + 1}`, description: '', meetingWeekday: 2, meetingTime: '09:00', meetingRoom: '' });
    const person = (name: string, organisationId: string, role: 'chair' | 'note-taker' | 'member') => {
      const member = saveMember(writeCaps(admin), { displayName: name, profession: 'other', professionOther: 'x', organisationId, phone: '', email: '', activeFrom: '2020-01-01' });
      const vault = account(`t${t}.${role}`, organisationId);
      linkAccount(writeCaps(admin), { memberId: member.id, accountId: vault.account?.id ?? null });
      vault.reloadAccount();
      setMembership(writeCaps(admin), { memberId: member.id, teamId: team.id, role, from: '2020-01-01' });
      return { member, vault };
    };
    const chair = person(`Ordförande ${t + 1}`, own, 'chair');
    const noteTaker = person(`Sekreterare ${t + 1}`, af.id, 'note-taker');
    person(`Ledamot ${t + 1}`, fk.id, 'member');
    const cases = Array.from({ length: CASES_PER_TEAM }, (_, i) => {
      const consent = i % 2 === 0;
      const kase = createCase(writeCaps(chair.vault), { teamId: team.id, ageBand: '20-24', consentMode: consent ? 'consent' : 'anonymous', raisedByOrganisationId: own, ownerMemberId: null });
      if (consent && i % 4 === 0) addConsent(writeCaps(chair.vault), { caseId: kase.id, organisationId: fk.id, direction: 'both', categories: ['labour-market'], purpose: 'Samordning', validFrom: '2020-01-01', validTo: '2030-12-31', guardianConsent: false, paperFiledAt: 'Akten' });
      return kase;
    });
    let date = '2024-01-02';
    for (let m = 0; m < MEETINGS_PER_TEAM; m++) {
      clock.set(`${date}T08:00:00Z`);
      const meeting = createMeeting(writeCaps(chair.vault), { teamId: team.id, date, time: '09:00', chairMemberId: chair.member.id, noteTakerMemberId: noteTaker.member.id });
      const onAgenda = new Set(meeting.agenda.map((item) => item.caseId));
      while (onAgenda.size < ITEMS_PER_MEETING) {
        const kase = pick(cases);
        if (onAgenda.has(kase.id)) continue;
        onAgenda.add(kase.id);
        addAgendaItem(writeCaps(chair.vault), { meetingId: meeting.id, caseId: kase.id });
      }
      const view = getMeeting(readCaps(chair.vault), meeting.id, { audit: false });
      for (const item of view.agenda) {
        commitItem(writeCaps(chair.vault), {
          agendaItemId: item.id,
          body: { notes: sentence(), decisions: sentence(), nextFollowUp: null, actions: random() < 0.4 ? [{ text: sentence(), responsibleMemberId: null, dueDate: addDays(date, 14) }] : [] },
        });
      }
      // The newest meeting of each team stays open (it is the one committed to in the measure).
      if (m < MEETINGS_PER_TEAM - 1) finaliseMeeting(writeCaps(chair.vault), meeting.id);
      date = addDays(date, 14);
    }
    process.stdout.write(`team ${t + 1} seeded\n`);
  }
  admin.close();
}

function stats(samples: number[]): { p50: number; p95: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => Math.round((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0) * 100) / 100;
  return { p50: at(0.5), p95: at(0.95) };
}

function time(name: string, runs: number, fn: () => unknown): void {
  for (let i = 0; i < 5; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const { p50, p95 } = stats(samples);
  process.stdout.write(`${name.padEnd(58)} p50 ${String(p50).padStart(8)} ms   p95 ${String(p95).padStart(8)} ms\n`);
}

async function measureVault(dataDir: string): Promise<void> {
  const clock = new ManualClock('2026-04-01T08:00:00Z');
  const deps = { clock, logger: new MemoryLogger(), kdf: FLOOR_KDF };
  const t0 = Date.now();
  const admin = await unlockVault(dataDir, 'admin', PASSWORD, deps, { migrate: true });
  process.stdout.write(`unlock (with any migration): ${Date.now() - t0} ms; schema ${String(admin.db.pragma('user_version', { simple: true }))}\n`);
  const as = (username: string): UnlockedVault => {
    const row = admin.db.prepare('SELECT id, organisation_id FROM accounts WHERE username = ?').get(username) as { id: string; organisation_id: string };
    const info: AccountInfo = { id: row.id, username, displayName: username, organisationId: row.organisation_id, roles: [], mustChangePassword: false };
    return admin.as(info);
  };
  const chair = as('t0.chair');
  const noteTaker = as('t0.note-taker');
  const team = (admin.db.prepare("SELECT id FROM teams WHERE name = 'Team 1'").get() as { id: string }).id;
  const counts = admin.db.prepare('SELECT (SELECT count(*) FROM case_items) AS items, (SELECT count(*) FROM actions) AS actions, (SELECT count(*) FROM cases) AS cases, (SELECT count(*) FROM meetings) AS meetings, (SELECT count(*) FROM audit_log) AS audit').get();
  process.stdout.write(`vault: ${JSON.stringify(counts)}\n`);
  const meetings = admin.db.prepare('SELECT id, status FROM meetings WHERE team_id = ? ORDER BY date DESC').all(team) as { id: string; status: string }[];
  const finalised = meetings.find((m) => m.status === 'finalised')?.id ?? '';
  const open = meetings.find((m) => m.status === 'open')?.id ?? '';
  const hitsOf = (result: unknown): number => (Array.isArray(result) ? result.length : (result as { hits: unknown[]; total: number }).total);
  process.stdout.write(`hits for "praktik" (chair, team): ${hitsOf(searchItems(readCaps(chair), 'praktik', team))}; note-taker: ${hitsOf(searchItems(readCaps(noteTaker), 'praktik', team))}\n`);
  time('meetings:get, 20 items, chair', 200, () => getMeeting(readCaps(chair), finalised));
  time('meetings:get, 20 items, note-taker (consent filtering)', 200, () => getMeeting(readCaps(noteTaker), finalised));
  time('search:items "praktik", team, chair', 30, () => searchItems(readCaps(chair), 'praktik', team));
  time('search:items "praktik", all teams, chair', 30, () => searchItems(readCaps(chair), 'praktik'));
  time('search:items "truckkort handledare", team, note-taker', 30, () => searchItems(readCaps(noteTaker), 'truckkort handledare', team));
  time('followup:stats, team, year 2025', 30, () => followUpStats(readCaps(chair), team, { kind: 'year', year: 2025 }));
  time('meeting page (meetings:get + active cases:list), chair', 100, () => {
    getMeeting(readCaps(chair), finalised);
    listCases(readCaps(chair), team, { status: 'active' });
  });
  time('retention:preview (gallring), admin', 10, () => purgePreview(readCaps(admin)));
  const item = getMeeting(readCaps(chair), open, { audit: false }).agenda[0];
  let n = 0;
  time('meetings:commit-item (re-commit, with its answer)', 100, () =>
    commitItem(writeCaps(chair), { agendaItemId: item?.id ?? '', body: { notes: `${sentence()} ${n++}`, decisions: '', nextFollowUp: null, actions: [] } }),
  );
  admin.close();
}

const [mode, dir] = process.argv.slice(2);
if (mode === 'seed' && dir) await seedVault(dir);
else if (mode === 'measure' && dir) await measureVault(dir);
else {
  process.stderr.write('usage: quick-reads.mjs seed|measure DIR\n');
  process.exitCode = 2;
}
