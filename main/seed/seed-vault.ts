import type { AgeBand, Outcome } from '../../shared/cases/model';
import { AddConsentInput, CloseCaseInput, CreateCaseInput, FlagSupervisionInput, WithdrawConsentInput } from '../../shared/cases/model';
import { CreateHandoverInput } from '../../shared/handover/model';
import type { MeetingView } from '../../shared/meetings/model';
import { AddAgendaItemInput, AddGuestInput, CommitItemInput, CreateMeetingInput, SetActionDoneInput, SetAttendanceInput } from '../../shared/meetings/model';
import { SaveMemberInput, SaveOrganisationInput, SaveTeamInput } from '../../shared/roster/model';
import { addConsent, closeCase, createCase, flagForSupervision, withdrawConsent } from '../cases/repository';
import { createHandover } from '../handover/repository';
import { ensureOrgKeys } from '../handover/keys-repo';
import type { GlobalRole } from '../ipc/session';
import { addAgendaItem, addGuest, commitItem, createMeeting, finaliseMeeting, getMeeting, setActionDone, setAttendance } from '../meetings/repository';
import { linkAccount, memberLeaves, saveMember, saveOrganisation, saveTeam, setMembership } from '../roster/repository';
import { ManualClock } from '../runtime/clock';
import { type Logger, MemoryLogger } from '../runtime/log';
import { addTheme, chooseCases, createSession, holdSession, shareRecord, tagCase } from '../supervision/repository';
import { addAccount, changePassword } from '../vault/accounts';
import { appendAudit } from '../vault/audit/audit-log';
import { inventedOrgNumber } from '../vault/demo-roster';
import type { KdfParams } from '../vault/keys/kdf';
import { type AccountInfo, type UnlockedVault, createVault, unlockVault } from '../vault/vault';
import { Random, THEMES, actionText, decisionText, noteText, staffName, supervisionSummary } from './seed-text';
import { readCaps, writeCaps } from '../capabilities/caps';

/**
 * A vault of invented records seeded through the services (the repositories every channel calls,
 * with their inputs parsed by the channels' zod schemas): a team practice over ten years, for the
 * bench (`npm run bench`) and `npm run seed`. Each week's work is one transaction (the services'
 * own transactions nest inside it as savepoints), so seeding does not wait for a disk flush per
 * change. The audit log is topped up to its target with plausible read rows appended through
 * `appendAudit` in the same transactions, spread over the weeks they belong to.
 *
 * Deterministic for a seed: the same content, dates, counts and order; ids and keys are random
 * (the services make them). Every name is invented and marked "(påhittad)" (PRODUCT.md).
 */

/** Bump when the generated content changes: the bench then rebuilds its cached vault. */
export const SEED_VERSION = 1;

/** The fixed password of every seeded account (bench vaults only; documented in docs/performance.md). */
export const BENCH_PASSWORD = 'korrekt häst batteri häftklammer';
export const ADMIN_USERNAME = 'admin';
export const CHAIR_USERNAMES = ['ordf-a', 'ordf-b', 'ordf-c'] as const;
export const PSYCHOLOGIST_USERNAME = 'psykolog';

/** The decade ends here; the bench's clock starts just after. */
export const SEED_START = '2016-11-28';
export const SEED_END = '2026-11-20';

export interface SeedScale {
  readonly name: string;
  readonly staff: number;
  readonly meetings: number;
  readonly itemsPerMeeting: number;
  readonly supervisionSessions: number;
  readonly handovers: number;
  readonly auditRows: number;
  /** How many meetings discuss a case before it closes (evenly between the two). */
  readonly talksPerCase: readonly [number, number];
}

export const SCALES = {
  /** For the unit test: every kind of record, in seconds. */
  tiny: { name: 'tiny', staff: 12, meetings: 20, itemsPerMeeting: 3, supervisionSessions: 3, handovers: 2, auditRows: 2_000, talksPerCase: [1, 3] },
  decade: { name: 'decade', staff: 40, meetings: 1_000, itemsPerMeeting: 15, supervisionSessions: 120, handovers: 300, auditRows: 1_000_000, talksPerCase: [5, 20] },
  /** Ten times the meetings and case items (and the cases and actions they carry). */
  stress: { name: 'stress', staff: 40, meetings: 10_000, itemsPerMeeting: 15, supervisionSessions: 120, handovers: 300, auditRows: 1_000_000, talksPerCase: [5, 20] },
} as const satisfies Record<string, SeedScale>;
export type ScaleName = keyof typeof SCALES;

export interface SeedCounts {
  organisations: number;
  teams: number;
  staff: number;
  accounts: number;
  cases: number;
  meetings: number;
  caseItems: number;
  actions: number;
  supervisionSessions: number;
  handovers: number;
  auditRows: number;
}

export interface SeedProgress {
  readonly phase: 'setup' | 'records' | 'audit' | 'done';
  readonly done: number;
  readonly total: number;
  readonly counts: SeedCounts;
}

export interface SeedOptions {
  readonly dataDir: string;
  readonly scale: SeedScale;
  readonly seed?: number;
  /** The Argon2id cost of every slot (default: the floor the product allows). */
  readonly kdf?: KdfParams;
  readonly logger?: Logger;
  readonly onProgress?: (progress: SeedProgress) => void;
}

export interface SeedResult {
  readonly dataDir: string;
  readonly scale: string;
  readonly seed: number;
  readonly admin: { readonly username: string; readonly password: string };
  readonly chairs: readonly string[];
  readonly psychologist: string;
  readonly counts: SeedCounts;
  /** The instant of the last seeded record: a clock for the vault must not be earlier. */
  readonly endedAt: string;
}

const DAY = 24 * 3600 * 1000;

/** `global.gc` when Node runs with --expose-gc (the statements' JS wrappers go with it). */
const collectGarbage = (globalThis as { gc?: () => void }).gc;

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T12:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

/** ISO weekday, Monday 1. */
function weekday(date: string): number {
  return ((new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;
}

/** Summer (July) and Christmas weeks have no meetings. */
function holiday(date: string): boolean {
  const month = date.slice(5, 7);
  const day = date.slice(8, 10);
  return month === '07' || (month === '12' && day >= '22') || (month === '01' && day <= '06');
}

interface TeamPlan {
  readonly key: 'a' | 'b' | 'c';
  readonly name: string;
  readonly weekday: number;
  readonly share: number;
}

const TEAM_PLANS: readonly TeamPlan[] = [
  { key: 'a', name: 'Team försörjningsstöd (påhittat)', weekday: 2, share: 0.4 },
  { key: 'b', name: 'Team aktivitetsersättning (påhittat)', weekday: 4, share: 0.4 },
  { key: 'c', name: 'Team unga vuxna (påhittat)', weekday: 3, share: 0.2 },
];

const PARTNERS = [
  { key: 'af', name: 'Arbetsförmedlingen Bänkstad (påhittad)', shortName: 'AF', number: '559902001', kind: 'arbetsformedlingen' },
  { key: 'fk', name: 'Försäkringskassan Bänkstad (påhittad)', shortName: 'FK', number: '559902002', kind: 'forsakringskassan' },
  { key: 'region', name: 'Region Bänkland, psykiatrin (påhittad)', shortName: 'Region', number: '559902003', kind: 'region' },
] as const;

/** The meeting days of one team: `count` dates spread evenly over the decade (several a day when there are more meetings than days). */
function meetingDates(plan: TeamPlan, count: number): { date: string; time: string }[] {
  const weekly: string[] = [];
  const weekdays: string[] = [];
  for (let date = SEED_START; date < SEED_END; date = addDays(date, 1)) {
    if (holiday(date) || weekday(date) > 5) continue;
    weekdays.push(date);
    if (weekday(date) === plan.weekday) weekly.push(date);
  }
  const days = count <= weekly.length ? weekly : weekdays;
  const out: { date: string; time: string }[] = [];
  let previous = '';
  let sameDay = 0;
  for (let i = 0; i < count; i++) {
    const date = days[Math.floor((i * days.length) / count)] ?? SEED_START;
    sameDay = date === previous ? sameDay + 1 : 0;
    previous = date;
    out.push({ date, time: `${String(9 + 2 * sameDay).padStart(2, '0')}:00` });
  }
  return out;
}

interface CaseState {
  readonly id: string;
  readonly code: string;
  readonly team: number;
  readonly consent: boolean;
  readonly planned: number;
  talks: number;
  lastTalk: number;
  flagged: boolean;
  /** Consents to partner organisations (not our own). */
  readonly partnerConsents: { id: string; organisationId: string; direction: 'receive' | 'share' | 'both'; validTo: string; withdrawn: boolean }[];
}

type Event = { kind: 'meeting'; team: number; date: string; time: string; last: boolean } | { kind: 'supervision'; team: number; date: string };

function accountInfo(vault: UnlockedVault, username: string): AccountInfo {
  const row = vault.db.prepare('SELECT id, username, display_name, organisation_id, is_admin, is_psychologist FROM accounts WHERE username = ?').get(username) as {
    id: string;
    username: string;
    display_name: string;
    organisation_id: string;
    is_admin: number;
    is_psychologist: number;
  };
  const roles: GlobalRole[] = [...(row.is_admin ? (['admin'] as const) : []), ...(row.is_psychologist ? (['psychologist'] as const) : [])];
  return { id: row.id, username: row.username, displayName: row.display_name, organisationId: row.organisation_id, roles, mustChangePassword: false };
}

function countRecords(vault: UnlockedVault): SeedCounts {
  const n = (sql: string): number => (vault.db.prepare(sql).get() as { n: number }).n;
  return {
    organisations: n('SELECT count(*) AS n FROM organisations'),
    teams: n('SELECT count(*) AS n FROM teams'),
    staff: n('SELECT count(*) AS n FROM members'),
    accounts: n('SELECT count(*) AS n FROM accounts'),
    cases: n('SELECT count(*) AS n FROM cases'),
    meetings: n('SELECT count(*) AS n FROM meetings'),
    caseItems: n('SELECT count(*) AS n FROM case_items'),
    actions: n('SELECT count(*) AS n FROM actions'),
    supervisionSessions: n('SELECT count(*) AS n FROM supervision_sessions'),
    handovers: n('SELECT count(*) AS n FROM handovers'),
    auditRows: n('SELECT coalesce(max(seq), 0) AS n FROM audit_log'),
  };
}

export async function seedVault(options: SeedOptions): Promise<SeedResult> {
  const { dataDir, scale } = options;
  const seed = options.seed ?? 2026;
  const r = new Random(seed);
  const clock = new ManualClock(`${addDays(SEED_START, -7)}T08:00:00Z`);
  const logger = options.logger ?? new MemoryLogger();
  const deps = { clock, logger, ...(options.kdf ? { kdf: options.kdf } : {}) };
  const zero: SeedCounts = { organisations: 0, teams: 0, staff: 0, accounts: 0, cases: 0, meetings: 0, caseItems: 0, actions: 0, supervisionSessions: 0, handovers: 0, auditRows: 0 };
  const progress = (phase: SeedProgress['phase'], done: number, total: number, counts: SeedCounts = zero): void => options.onProgress?.({ phase, done, total, counts });
  progress('setup', 0, 3);

  // 1. The vault, the roster, the accounts (as the admin).
  await createVault(dataDir, { orgName: 'Bänkkommunens samverkansteam (påhittat)', orgNumber: inventedOrgNumber('559902000'), admin: { username: ADMIN_USERNAME, displayName: 'Bänk Administratör (påhittad)', password: BENCH_PASSWORD } }, deps);
  let admin = await unlockVault(dataDir, ADMIN_USERNAME, BENCH_PASSWORD, deps);
  const oneTime = new Map<string, string>();
  const rosterStart = addDays(SEED_START, -14);
  let orgIds: string[];
  let teamIds: string[];
  const members: { id: string; org: number; teams: number[]; leavesOn: string | null }[] = [];
  try {
    await ensureOrgKeys(writeCaps(admin));
    const own = (admin.db.prepare('SELECT id FROM organisations WHERE is_own = 1').get() as { id: string }).id;
    orgIds = [own, ...PARTNERS.map((p) => saveOrganisation(writeCaps(admin), SaveOrganisationInput.parse({ name: p.name, shortName: p.shortName, orgNumber: inventedOrgNumber(p.number), kind: p.kind })).id)];
    teamIds = TEAM_PLANS.map((plan) => saveTeam(writeCaps(admin), SaveTeamInput.parse({ name: plan.name, description: 'Påhittat team för mätningar', meetingWeekday: plan.weekday, meetingTime: '09:00', meetingRoom: 'Rum Bänken' })).id);
    // Staff: 0-2 chair a team each (our organisation), 3 is the psychologist (the region) in all
    // three, the rest spread over the organisations and teams; a few leave during the decade.
    for (let i = 0; i < scale.staff; i++) {
      const org = i < 3 ? 0 : i === 3 ? 3 : i % 4;
      const teams = i < 3 ? [i] : i === 3 ? [0, 1, 2] : i % 4 === 0 ? [i % 3, (i + 1) % 3] : [i % 3];
      const role = i < 3 ? 'chair' : i >= 4 && i < 7 ? 'note-taker' : 'member';
      const [first, ...rest] = teams;
      const member = saveMember(
        writeCaps(admin),
        SaveMemberInput.parse({
          displayName: staffName(i),
          profession: i < 3 ? 'processledare' : i === 3 ? 'psykolog' : r.pick(['arbetsformedlare', 'personlig-handlaggare', 'socialsekreterare', 'arbetskonsulent', 'sius-konsulent', 'arbetsterapeut']),
          professionOther: '',
          organisationId: orgIds[org],
          phone: '',
          email: `bank${i + 1}@exempel.invalid`,
          activeFrom: rosterStart,
          team: { teamId: teamIds[first ?? 0], role },
        }),
      );
      for (const team of rest) setMembership(writeCaps(admin), { memberId: member.id, teamId: teamIds[team] ?? '', role: 'member', from: rosterStart });
      const leaves = i >= 8 && i % 11 === 0 ? addDays(SEED_START, Math.floor(((i % 5) + 3) * 365)) : null;
      members.push({ id: member.id, org, teams, leavesOn: leaves && leaves < SEED_END ? leaves : null });
    }
    const usernames = [...CHAIR_USERNAMES, PSYCHOLOGIST_USERNAME];
    for (const [index, username] of usernames.entries()) {
      const member = members[index];
      if (!member) continue;
      const { accountId, oneTimePassword } = await addAccount(admin, dataDir, logger, { username, displayName: staffName(index), organisationId: orgIds[member.org] ?? '', roles: username === PSYCHOLOGIST_USERNAME ? ['psychologist'] : [] });
      linkAccount(writeCaps(admin), { memberId: member.id, accountId });
      oneTime.set(username, oneTimePassword);
    }
  } finally {
    admin.close();
  }
  progress('setup', 1, 3);
  // The accounts take the bench password (one connection at a time: the vault is opened exclusively).
  for (const [username, password] of oneTime) {
    const person = await unlockVault(dataDir, username, password, deps);
    try {
      await changePassword(person, dataDir, logger, password, BENCH_PASSWORD);
    } finally {
      person.close();
    }
  }
  progress('setup', 2, 3);

  // 2. Ten years of work, one week's worth per transaction, as the people who do it.
  clock.set(`${addDays(SEED_START, -1)}T08:00:00Z`);
  admin = await unlockVault(dataDir, ADMIN_USERNAME, BENCH_PASSWORD, deps);
  try {
    let db = admin.db;
    const as = (username: string): UnlockedVault => admin.as(accountInfo(admin, username));
    let chairs = CHAIR_USERNAMES.map(as);
    let psychologist = as(PSYCHOLOGIST_USERNAME);
    // A statement's native memory is released only when its connection closes (measured with this
    // binding: about 3 KB per prepare(), garbage collection or not), and the services prepare
    // afresh on every call: the decade seed grew past 12 GB on one connection. So the seed signs
    // out and in again every few weeks of records, as people do.
    const reopen = async (): Promise<void> => {
      admin.close();
      admin = await unlockVault(dataDir, ADMIN_USERNAME, BENCH_PASSWORD, deps);
      db = admin.db;
      chairs = CHAIR_USERNAMES.map(as);
      psychologist = as(PSYCHOLOGIST_USERNAME);
    };
    const accountsForAudit = [admin, ...chairs, psychologist].map((v) => ({ accountId: v.account?.id ?? null, organisationId: v.account?.organisationId ?? null }));
    const themeIds = db.transaction(() => THEMES.map((name) => addTheme(writeCaps(psychologist), name).id))();
    const own = orgIds[0] ?? '';
    const partnerIds = orgIds.slice(1);

    const events: Event[] = [];
    TEAM_PLANS.forEach((plan, team) => {
      // The last team takes what rounding left, so the total is exact.
      const count = team < TEAM_PLANS.length - 1 ? Math.round(scale.meetings * plan.share) : scale.meetings - TEAM_PLANS.slice(0, -1).reduce((sum, p) => sum + Math.round(scale.meetings * p.share), 0);
      const dates = meetingDates(plan, count);
      dates.forEach((d, i) => events.push({ kind: 'meeting', team, date: d.date, time: d.time, last: i === dates.length - 1 }));
    });
    const span = Date.parse(SEED_END) - Date.parse(SEED_START);
    for (let k = 0; k < scale.supervisionSessions; k++) {
      let date = new Date(Date.parse(SEED_START) + ((k + 0.5) * span) / scale.supervisionSessions).toISOString().slice(0, 10);
      while (weekday(date) > 5 || holiday(date)) date = addDays(date, 1);
      events.push({ kind: 'supervision', team: k % TEAM_PLANS.length, date });
    }
    events.sort((a, b) => a.date.localeCompare(b.date) || (a.kind === b.kind ? (a.kind === 'meeting' && b.kind === 'meeting' ? a.time.localeCompare(b.time) : 0) : a.kind === 'meeting' ? -1 : 1));

    const poolTarget = Math.max(4, Math.round((scale.itemsPerMeeting * 8) / 3));
    const pools: CaseState[][] = TEAM_PLANS.map(() => []);
    const allCodes: string[] = [];
    const meetingIds: string[] = [];
    const cases = new Map<string, CaseState>();
    const activeIn = (team: number, date: string) => members.filter((m) => m.teams.includes(team) && (m.leavesOn === null || m.leavesOn > date));
    const left = new Set<string>();
    let handovers = 0;
    let meetingIndex = 0;
    let previousInstant = clock.now().getTime();

    const newCase = (team: number, date: string): CaseState => {
      const chair = chairs[team] as UnlockedVault;
      const teamMembers = activeIn(team, date);
      const consent = r.chance(0.4);
      const raisedBy = r.pick(orgIds);
      let owner = r.chance(0.85) ? r.pick(teamMembers) : null;
      // A consent case the chair could not read until a consent names our organisation: owned by one of ours.
      if (consent && raisedBy !== own && (owner === null || owner.org !== 0)) owner = members[team] ?? null;
      const ageBand = r.pick<AgeBand>(['16-19', '16-19', '20-24', '20-24', '20-24', '25-29', '30+']);
      const detail = createCase(writeCaps(chair), CreateCaseInput.parse({ teamId: teamIds[team], ageBand, consentMode: consent ? 'consent' : 'anonymous', raisedByOrganisationId: raisedBy, ownerMemberId: owner?.id ?? null }));
      const state: CaseState = { id: detail.id, code: detail.code, team, consent, planned: r.int(...scale.talksPerCase), talks: 0, lastTalk: -1, flagged: false, partnerConsents: [] };
      if (consent) {
        const grant = (organisationId: string, direction: 'receive' | 'share' | 'both', years: number) => {
          const validTo = addDays(date, Math.round(years * 365));
          const added = addConsent(writeCaps(chair),
            AddConsentInput.parse({
              caseId: state.id,
              organisationId,
              direction,
              categories: r.sample(['economy-social', 'health', 'work-history', 'labour-market'] as const, r.int(1, 3)),
              purpose: 'Samordnad planering i teamet (påhittat)',
              validFrom: date,
              validTo,
              guardianConsent: ageBand === '16-19',
              paperFiledAt: 'Socialtjänstens akt (påhittat)',
            }),
          );
          const id = added.consents.find((c) => c.organisationId === organisationId && c.validFrom === date && c.validTo === validTo)?.id ?? '';
          if (organisationId !== own) state.partnerConsents.push({ id, organisationId, direction, validTo, withdrawn: false });
        };
        grant(own, 'both', 3);
        for (const partner of r.sample(partnerIds, r.int(1, 2))) grant(partner, r.pick(['receive', 'both', 'both', 'share'] as const), r.int(1, 3));
      }
      pools[team]?.push(state);
      cases.set(state.id, state);
      allCodes.push(state.code);
      return state;
    };

    const closeWithHandover = (state: CaseState, date: string, quota: number): void => {
      const chair = chairs[state.team] as UnlockedVault;
      const outcome = r.pick<Outcome>(['arbete', 'arbete-med-stod', 'studier', 'studier', 'annan-insats', 'avbrott', 'annat']);
      closeCase(writeCaps(chair), CloseCaseInput.parse({ caseId: state.id, outcome, outcomeOther: outcome === 'annat' ? 'Flyttade från kommunen (påhittat)' : '', date }));
      const pool = pools[state.team] ?? [];
      pool.splice(pool.indexOf(state), 1);
      if (handovers >= quota) return;
      const consent = state.partnerConsents.find((c) => !c.withdrawn && c.direction !== 'share' && c.validTo >= date);
      if (!consent && state.consent) return;
      const to = consent?.organisationId ?? r.pick(partnerIds);
      const partner = PARTNERS[partnerIds.indexOf(to)];
      const chairMember = members[state.team];
      createHandover(
        writeCaps(chair),
        CreateHandoverInput.parse({
          caseId: state.id,
          date,
          fromOrganisationId: own,
          fromFunction: 'Samverkansteamet, Bänkkommunen (påhittat)',
          toOrganisationId: to,
          toFunction: `${partner?.shortName ?? 'Mottagaren'}, ungdomsenheten (påhittad funktion)`,
          participantMemberIds: chairMember ? [chairMember.id] : [],
          guests: r.chance(0.3) ? [{ name: 'Mottagande handläggare (påhittad)', organisationId: to }] : [],
          reason: 'Insatsen fortsätter hos den mottagande organisationen. (Påhittat.)',
          consentId: consent?.id ?? null,
          consentOverride: consent ? null : 'Brådskande överlämning enligt teamets beslut (påhittat skäl)',
          goals: 'Komma vidare mot arbete eller studier. (Påhittat.)',
          insatser: [{ text: 'Arbetsträning med handledare', responsible: partner?.shortName ?? 'Mottagaren' }],
          newCaseOwner: `${partner?.shortName ?? 'Mottagaren'}, ungdomsenheten (påhittad funktion)`,
          followUpDate: addDays(date, 60),
        }),
      );
      handovers++;
    };

    const fillAudit = (target: number, until: number): void => {
      const head = (db.prepare('SELECT coalesce(max(seq), 0) AS n FROM audit_log').get() as { n: number }).n;
      const missing = target - head;
      if (missing <= 0) return;
      const step = Math.max(1, Math.floor((until - previousInstant) / (missing + 1)));
      for (let k = 0; k < missing; k++) {
        const who = r.pick(accountsForAudit);
        const at = new Date(Math.min(until - 1, previousInstant + (k + 1) * step));
        const roll = r.next();
        if (roll < 0.45 && allCodes.length > 0) appendAudit(db, clock, { ...who, action: 'case.read', caseCode: r.pick(allCodes), detail: {} }, at);
        else if (roll < 0.75 && meetingIds.length > 0) appendAudit(db, clock, { ...who, action: 'meeting.read', detail: { meetingId: meetingIds[meetingIds.length - 1 - r.int(0, Math.min(199, meetingIds.length - 1))] ?? '', cases: '' } }, at);
        else if (roll < 0.85) appendAudit(db, clock, { ...who, action: 'vault.unlocked', detail: {} }, at);
        else if (roll < 0.95) appendAudit(db, clock, { ...who, action: 'vault.locked', detail: { reason: 'user' } }, at);
        else appendAudit(db, clock, { ...who, action: 'search', detail: { hits: r.int(0, 40) } }, at);
      }
    };

    const meeting = (event: Extract<Event, { kind: 'meeting' }>, quota: number): void => {
      const { team, date } = event;
      const chair = chairs[team] as UnlockedVault;
      const chairMember = members[team];
      for (const member of members) {
        if (member.leavesOn && member.leavesOn <= date && !left.has(member.id)) {
          memberLeaves(writeCaps(admin), { memberId: member.id, date: member.leavesOn });
          left.add(member.id);
        }
      }
      let view: MeetingView = createMeeting(writeCaps(chair), CreateMeetingInput.parse({ teamId: teamIds[team], date, time: event.time, chairMemberId: chairMember?.id ?? null, noteTakerMemberId: null }));
      meetingIds.push(view.id);
      const others = view.attendance.filter((a) => a.memberId !== chairMember?.id);
      for (const absent of r.sample(others, r.int(0, 2))) setAttendance(writeCaps(chair), SetAttendanceInput.parse({ meetingId: view.id, memberId: absent.memberId, status: r.pick(['absent', 'excused'] as const) }));
      if (r.chance(0.1)) addGuest(writeCaps(chair), AddGuestInput.parse({ meetingId: view.id, name: 'Gäst från en samverkanspart (påhittad)', organisationId: r.pick(partnerIds) }));
      const pool = pools[team] ?? [];
      while (pool.length < poolTarget) newCase(team, date);
      const onAgenda = new Set(view.agenda.map((item) => item.caseId));
      const need = scale.itemsPerMeeting - view.agenda.length;
      if (need > 0) {
        const candidates = pool.filter((c) => !onAgenda.has(c.id)).sort((a, b) => a.lastTalk - b.lastTalk || a.code.localeCompare(b.code));
        for (const state of candidates.slice(0, need)) addAgendaItem(writeCaps(chair), AddAgendaItemInput.parse({ meetingId: view.id, caseId: state.id }));
        // A change answers only what it changed: the whole agenda, read once (not a read anyone made).
        view = getMeeting(readCaps(chair), view.id, { audit: false });
      }
      const closing: CaseState[] = [];
      for (const item of view.agenda) {
        const state = item.caseId ? cases.get(item.caseId) : undefined;
        if (!state || !item.readable) continue;
        for (const due of item.dueActions) if (r.chance(0.9)) setActionDone(writeCaps(chair), SetActionDoneInput.parse({ actionId: due.id, done: true }));
        const withdrawable = state.partnerConsents.find((c) => !c.withdrawn && c.validTo > date);
        if (withdrawable && r.chance(0.01)) {
          withdrawConsent(writeCaps(chair), WithdrawConsentInput.parse({ consentId: withdrawable.id, date }));
          withdrawable.withdrawn = true;
        }
        const teamMembers = activeIn(team, date);
        const actionCount = r.chance(0.29) ? (r.chance(0.15) ? 2 : 1) : 0;
        const actions = Array.from({ length: actionCount }, () => ({ text: actionText(r), responsibleMemberId: r.chance(0.9) ? r.pick(teamMembers).id : null, dueDate: addDays(date, r.int(7, 35)) }));
        commitItem(writeCaps(chair), CommitItemInput.parse({ agendaItemId: item.id, body: { notes: noteText(r), decisions: decisionText(r), nextFollowUp: r.chance(0.5) ? addDays(date, r.int(14, 42)) : null, actions } }));
        state.talks++;
        state.lastTalk = meetingIndex;
        if (state.talks >= state.planned) closing.push(state);
      }
      const flagged = pool.filter((c) => c.flagged).length;
      if (flagged < 3 && r.chance(0.35)) {
        const candidate = pool.find((c) => !c.flagged && !c.consent && !closing.includes(c));
        if (candidate) {
          flagForSupervision(writeCaps(chair), FlagSupervisionInput.parse({ caseId: candidate.id, flagged: true }));
          candidate.flagged = true;
        }
      }
      if (!event.last) finaliseMeeting(writeCaps(chair), view.id);
      for (const state of closing) closeWithHandover(state, date, quota);
      meetingIndex++;
    };

    const supervision = (event: Extract<Event, { kind: 'supervision' }>): void => {
      const { team, date } = event;
      const pool = pools[team] ?? [];
      const chosen = pool.filter((c) => c.flagged && !c.consent).slice(0, 4);
      const form = chosen.length > 0 && r.chance(0.85) ? 'case' : 'process';
      const teamMembers = activeIn(team, date).map((m) => m.id);
      const participants = [...new Set([members[3]?.id ?? '', members[team]?.id ?? '', ...r.sample(teamMembers, 3)])].filter((id) => teamMembers.includes(id));
      const session = createSession(writeCaps(psychologist), { teamId: teamIds[team] ?? '', date, form, participantMemberIds: participants });
      if (form === 'case') {
        chooseCases(writeCaps(psychologist), session.id, chosen.map((c) => c.id));
        for (const state of chosen) {
          tagCase(writeCaps(psychologist), session.id, state.id, r.sample(themeIds, r.int(1, 2)));
          shareRecord(writeCaps(psychologist), { sessionId: session.id, caseId: state.id, summary: supervisionSummary(r), approach: 'Korta, förutsägbara steg; en kontaktperson i taget.', actions: ['Ärendebäraren stämmer av vid varje träff'] });
          state.flagged = false;
        }
      } else {
        shareRecord(writeCaps(psychologist), { sessionId: session.id, caseId: null, summary: supervisionSummary(r), approach: 'Teamet turas om att leda genomgången.', actions: [] });
      }
      holdSession(writeCaps(psychologist), session.id);
    };

    let lastReport = 0;
    for (const [index, event] of events.entries()) {
      const scheduled = Date.parse(`${event.date}T${event.kind === 'meeting' ? `${String(Number(event.time.slice(0, 2)) - 1).padStart(2, '0')}:00` : '12:30'}:00Z`);
      // Two events at the same hour (stress scale) keep the log's time order.
      const instant = Math.max(scheduled, previousInstant + 1000);
      db.transaction(() => {
        fillAudit(Math.floor((scale.auditRows * (index + 1)) / events.length), instant);
        clock.set(new Date(instant));
        previousInstant = instant;
        if (event.kind === 'meeting') meeting(event, Math.ceil((scale.handovers * (index + 1)) / events.length));
        else supervision(event);
      })();
      clock.advance(60_000);
      if (index % 20 === 19) {
        collectGarbage?.();
        await reopen();
      }
      previousInstant = clock.now().getTime();
      if (Date.now() - lastReport > 500 || index === events.length - 1) {
        lastReport = Date.now();
        progress('records', index + 1, events.length, countRecords(admin));
      }
    }
    // The last rows (if the services' own fell short of the target): after the last record.
    const head = countRecords(admin).auditRows;
    if (head < scale.auditRows) {
      const end = clock.now().getTime() + 3600_000;
      db.transaction(() => fillAudit(scale.auditRows, end))();
      clock.set(new Date(end));
    }
    const counts = countRecords(admin);
    progress('done', 1, 1, counts);
    return {
      dataDir,
      scale: scale.name,
      seed,
      admin: { username: ADMIN_USERNAME, password: BENCH_PASSWORD },
      chairs: [...CHAIR_USERNAMES],
      psychologist: PSYCHOLOGIST_USERNAME,
      counts,
      endedAt: clock.now().toISOString(),
    };
  } finally {
    admin.close();
  }
}
