import type { CaseDetail } from '../../shared/cases/model';
import type { AgendaItemView, MeetingView } from '../../shared/meetings/model';
import type { Member } from '../../shared/roster/model';
import { describe, expect, it } from 'vitest';
import { Health } from '../../shared/ipc/contract';
import { AppError, type ErrorCode } from '../../shared/ipc/errors';
import { ManualClock } from '../runtime/clock';
import { MemoryLogger } from '../runtime/log';
import { HandlerRegistry } from './registry';
import { createRouter } from './router';
import type { CallerSession } from './session';
import { openMeetingView } from '../../shared/meetings/test-support/meeting-view';

const session: CallerSession = { host: 'browser', sessionId: 's1', account: null };
const health: Health = {
  status: 'ok',
  version: '0.1.0',
  host: 'browser',
  nodeVersion: '22.23.3',
  dataDir: '/tmp/x',
  startedAt: '2026-11-23T08:00:00.000Z',
  uptimeSeconds: 0,
  checks: [],
};

/** A registry with every channel answered, so single handlers can be swapped per test. */
const UUID = '00000000-0000-4000-8000-000000000000';
const team = { id: UUID, name: 'x', description: '', meetingWeekday: null, meetingTime: null, meetingRoom: '', archived: false };
const member: Member = {
  id: UUID,
  displayName: 'x',
  profession: 'other',
  professionOther: '',
  organisationId: UUID,
  organisationName: 'x',
  phone: '',
  email: '',
  accountId: null,
  activeFrom: '2026-01-01',
  activeTo: null,
  memberships: [],
};

const caseDetail: CaseDetail = {
  id: UUID,
  teamId: UUID,
  code: 'UT-2026-001',
  ageBand: '18-20',
  consentMode: 'anonymous',
  status: 'active',
  outcome: null,
  closedOn: null,
  raisedBy: { id: UUID, name: 'x' },
  owner: null,
  flaggedForSupervision: false,
  readable: true,
  unreadableReason: null,
  phase: 'aktiv',
  outcomeOther: '',
  consents: [],
  breakGlass: false,
  timeline: [],
  checkins: [],
  closureAnalysis: '',
};

const agendaItem: AgendaItemView = {
  id: UUID,
  position: 1,
  kind: 'other',
  title: 'x',
  caseId: null,
  caseCode: null,
  readable: true,
  unreadableReason: null,
  consentWarning: null,
  uncoveredOrganisations: [],
  item: null,
  dueActions: [],
  supervisionRecord: null,
};

const meetingView: MeetingView = openMeetingView({ id: UUID, teamId: UUID, teamName: 'x' });

function registryWith(overrides: Partial<Parameters<HandlerRegistry['register']>[1]> = {}): HandlerRegistry {
  return new HandlerRegistry().register('test', {
    'app:info': () => ({ name: 'Teamvalv', version: '0.1.0', host: 'browser', platform: 'linux' }),
    'app:health': () => health,
    'settings:get': () => ({ language: 'sv' }),
    'settings:update': (input) => ({ language: input.language ?? 'sv' }),
    'vault:status': () => ({ state: 'absent', account: null, auditAlarm: null, demo: false }),
    'vault:setup': () => ({ recoveryKey: 'x' }),
    'vault:unlock': () => ({ state: 'unlocked', account: null, auditAlarm: null, demo: false }),
    'vault:lock': () => ({ state: 'locked', account: null, auditAlarm: null, demo: false }),
    'vault:touch': () => ({}),
    'vault:flushed': () => ({}),
    'vault:recover': () => ({ oneTimePassword: 'x' }),
    'vault:save-recovery-key': () => ({ file: '/x.txt' }),
    'vault:request-release': () => ({}),
    'vault:change-password': () => ({ state: 'unlocked', account: null, auditAlarm: null, demo: false }),
    'vault:rotate-key': () => ({ rotationId: '00000000-0000-4000-8000-000000000000', recoveryKey: 'x' }),
    'vault:finish-rotation': () => ({ backupsReencrypted: 0, backupsDeleted: 0 }),
    'vault:notices': () => ({ notices: [], keyRotation: null }),
    'vault:new-recovery-key': () => ({ recoveryKey: 'x' }),
    'vault:confirm-recovery-key': () => ({ confirmed: true }),
    'accounts:list': () => [],
    'audit:list': () => [],
    'audit:verify': () => ({ ok: true, headSeq: 0, headHash: '0', firstBrokenSeq: null, reason: null }),
    'audit:sample': () => [],
    'audit:mark-reviewed': () => ({ marked: 0 }),
    'audit:acknowledge-alarm': () => ({ headSeq: 0 }),
    'audit:export-csv': () => ({ file: '/x.csv', sha256: '0'.repeat(64), rows: 0 }),
    'files:folders': () => ({ path: '/', parent: null, folders: [] }),
    'files:remember-folder': () => ({}),
    'accounts:add': () => ({ accountId: '00000000-0000-4000-8000-000000000000', oneTimePassword: 'x' }),
    'accounts:reset-password': () => ({ oneTimePassword: 'x' }),
    'accounts:remove': () => ({ rotationId: '00000000-0000-4000-8000-000000000000', recoveryKey: 'x' }),
    'roster:my-roles': () => ({ isAdmin: false, memberId: null, teams: [] }),
    'roster:first-run': () => ({ steps: [], done: true }),
    'roster:admins': () => ({ names: [] }),
    'roster:organisations': () => [],
    'roster:save-organisation': () => ({ id: UUID, name: 'x', shortName: '', orgNumber: '212000-2627', kind: 'other', isOwn: false }),
    'roster:remove-organisation': () => ({ removed: true as const }),
    'roster:teams': () => [],
    'roster:save-team': () => team,
    'roster:archive-team': () => team,
    'roster:members': () => [],
    'roster:members-page': () => ({ total: 0, offset: 0, lines: [], groups: null }),
    'roster:member': () => member,
    'roster:save-member': () => member,
    'roster:set-membership': () => member,
    'roster:end-membership': () => member,
    'roster:member-leaves': () => member,
    'roster:link-account': () => member,
    'roster:team-history': () => [],
    'roster:import-preview': () => ({ headerOk: true, rows: [], valid: 0, invalid: 0 }),
    'roster:import': () => ({ created: 0 }),
    'roster:export-csv': () => ({ file: '/x.csv', sha256: '0'.repeat(64), rows: 0 }),
    'roster:team-pdf': () => ({ file: '/x.pdf', sha256: '0'.repeat(64), rows: 0 }),
    'cases:list': () => [],
    'cases:get': () => caseDetail,
    'cases:break-glass': () => caseDetail,
    'cases:create': () => caseDetail,
    'cases:add-consent': () => caseDetail,
    'cases:withdraw-consent': () => caseDetail,
    'cases:close': () => caseDetail,
    'cases:flag-supervision': () => caseDetail,
    'cases:consent-overview': () => ({ teamId: UUID, today: '2026-11-23', horizon: '2026-12-23', entries: [], hidden: { expiring: 0, expired: 0, withdrawn: 0, paperMissing: 0 } }),
    'cases:consent-form-pdf': () => ({ file: '/x.pdf', sha256: '0'.repeat(64), rows: 1 }),
    'cases:consent-paper-returned': () => caseDetail,
    'cases:propose': () => caseDetail,
    'cases:activate': () => caseDetail,
    'cases:decide': () => caseDetail,
    'cases:plan-checkins': () => caseDetail,
    'cases:record-checkin': () => caseDetail,
    'cases:archive': () => caseDetail,
    'cases:reopen': () => caseDetail,
    'cases:code-slip-pdf': () => ({ file: '/x.pdf', sha256: '0'.repeat(64), rows: 1 }),
    'cases:set-facts': () => caseDetail,
    'cases:age-bands': () => ({ bounds: [16, 20, 25, 30], labels: ['16-19', '20-24', '25-29', '30+'] }),
    'cases:set-age-bands': () => ({ bounds: [16, 20, 25, 30], labels: ['16-19', '20-24', '25-29', '30+'] }),
    'meetings:list': () => [],
    'meetings:get': () => meetingView,
    'meetings:create': () => meetingView,
    'meetings:set-attendance': () => ({ change: 'attendance', meetingId: UUID, attendee: { memberId: UUID, name: 'x', organisationName: 'x', status: 'present', leftSince: null }, consentWarnings: [], staffNames: [] }),
    'meetings:add-guest': () => ({ change: 'guest-added', meetingId: UUID, guest: { id: UUID, name: 'x', organisationId: UUID, organisationName: 'x' }, consentWarnings: [], staffNames: [] }),
    'meetings:remove-guest': () => ({ change: 'guest-removed', meetingId: UUID, guestId: UUID, consentWarnings: [], staffNames: [] }),
    'meetings:add-agenda-item': () => ({ change: 'agenda-item-added', meetingId: UUID, item: agendaItem }),
    'meetings:reorder-agenda': () => ({ change: 'agenda-reordered', meetingId: UUID, order: [UUID] }),
    'meetings:remove-agenda-item': () => ({ change: 'agenda-item-removed', meetingId: UUID, agendaItemId: UUID }),
    'meetings:save-draft': () => ({ savedAt: '2026-11-23T09:00:00.000Z' }),
    'meetings:get-draft': () => null,
    'meetings:resume': () => null,
    'meetings:commit-item': () => ({ change: 'item-committed', meetingId: UUID, item: agendaItem }),
    'meetings:set-action-done': () => ({ id: UUID, caseId: UUID, text: 'x', responsibleMemberId: null, responsibleName: null, dueDate: '2026-12-01', done: true }),
    'meetings:finalise': () => ({ change: 'finalised', meetingId: UUID, minutesSha256: '0'.repeat(64) }),
    'meetings:add-addendum': () => ({ change: 'addendum-added', meetingId: UUID, addendum: { id: UUID, caseItemId: null, kind: 'addendum', text: 'x', reason: 'x', createdAt: '2026-11-23T09:00:00.000Z' } }),
    'meetings:minutes-pdf': () => ({ file: '/x.pdf', sha256: '0'.repeat(64), rows: 0 }),
    'meetings:set-auto-lock': () => ({ change: 'auto-lock', meetingId: UUID, autoLockMinutes: 60 }),
    'meetings:auto-lock-bounds': () => ({ defaultMinutes: 5, maxMinutes: 30, currentMinutes: 5 }),
    'meetings:change-justerare': () => ({ change: 'justerare-changed', meetingId: UUID, justering: { chair: { name: 'x', confirmedAt: '2026-11-23T09:00:00.000Z' }, justerare: { memberId: UUID, name: 'z', confirmedAt: null }, canConfirm: false } }),
    'meetings:confirm-justering': () => ({ change: 'justerad', meetingId: UUID, justering: { chair: { name: 'x', confirmedAt: '2026-11-23T09:00:00.000Z' }, justerare: { memberId: UUID, name: 'y', confirmedAt: '2026-11-23T10:00:00.000Z' }, canConfirm: false } }),
    'meetings:decisions': () => ({ entries: [], before: null }),
    'meetings:set-team-action-done': () => ({ change: 'team-action-done', meetingId: UUID, action: { id: UUID, caseId: null, text: 'x', responsibleMemberId: null, responsibleName: null, dueDate: '2026-12-01', done: true } }),
    'search:items': () => ({ hits: [], total: 0, capped: false, offset: 0, limit: 25 }),
    'guard:names': () => ({ names: [] }),
    'guard:set-names': () => ({ names: [] }),
    'supervision:sessions': () => [],
    'supervision:create-session': () => ({ id: UUID, week: 48 }),
    'supervision:prepare': () => [],
    'supervision:choose-cases': () => ({}),
    'supervision:themes': () => [],
    'supervision:add-theme': () => ({ id: UUID, name: 'x' }),
    'supervision:tag-case': () => ({}),
    'supervision:themes-year': () => [],
    'supervision:share-record': () => ({}),
    'supervision:session': () => ({ id: UUID, teamId: UUID, date: '2026-11-20', week: 47, form: 'process', status: 'planned', heldAt: null, datedAhead: false, participants: [], cases: [], records: [] }),
    'supervision:hold-session': () => ({}),
    'supervision:notes-status': () => ({ state: 'none' }),
    'supervision:notes-setup': () => ({ personalCode: 'x' }),
    'supervision:notes-unlock': () => ({ state: 'open' }),
    'supervision:notes-new-code': () => ({ personalCode: 'x' }),
    'supervision:notes': () => ({ sessionId: UUID, preparation: null, session: null }),
    'supervision:notes-draft': () => ({ draftAt: '2026-11-30T08:00:00.000Z' }),
    'supervision:notes-save': () => ({ kind: 'session', text: '', savedAt: null, draft: null, draftAt: null }),
    'handover:list': () => [],
    'handover:consents': () => [],
    'handover:create': () => {
      throw new Error('not in this test');
    },
    'handover:preview': () => {
      throw new Error('not in this test');
    },
    'handover:export': () => ({ file: '/x', sha256: '0'.repeat(64), packetId: UUID, encrypted: true }),
    'handover:import': () => {
      throw new Error('not in this test');
    },
    'handover:received': () => [],
    'handover:received-get': () => {
      throw new Error('not in this test');
    },
    'handover:link': () => {
      throw new Error('not in this test');
    },
    'handover:send-receipt': () => ({ file: '/x', sha256: '0'.repeat(64), receiptId: UUID }),
    'handover:import-receipt': () => {
      throw new Error('not in this test');
    },
    'keys:own': () => [],
    'keys:own-file': () => ({ file: '/x', sha256: '0'.repeat(64), fingerprint: '00000 00000 00000 00000 00000 00000 00000 00000' }),
    'keys:replace-own': () => ({ fingerprint: 'x' }),
    'keys:trusted': () => [],
    'keys:import': () => {
      throw new Error('not in this test');
    },
    'keys:confirm': () => {
      throw new Error('not in this test');
    },
    'keys:retire': () => {
      throw new Error('not in this test');
    },
    'keys:revoke': () => {
      throw new Error('not in this test');
    },
    'followup:stats': () => {
      throw new Error('not in this test');
    },
    'followup:export-csv': () => ({ file: '/x.csv', sha256: '0'.repeat(64), rows: 0 }),
    'followup:export-pdf': () => ({ file: '/x.pdf', sha256: '0'.repeat(64), rows: 0 }),
    'followup:sent-reports': () => {
      throw new Error('not in this test');
    },
    'register:extract': () => ({ caseCode: 'UT-2026-001', records: [], owner: null }),
    'retention:rules': () => {
      throw new Error('not in this test');
    },
    'retention:set-rules': () => {
      throw new Error('not in this test');
    },
    'retention:preview': () => {
      throw new Error('not in this test');
    },
    'retention:purge': () => {
      throw new Error('not in this test');
    },
    'retention:status': () => {
      throw new Error('not in this test');
    },
    'retention:set-schedule': () => {
      throw new Error('not in this test');
    },
    'retention:acknowledge': () => {
      throw new Error('not in this test');
    },
    'retention:gallring-preview': () => {
      throw new Error('not in this test');
    },
    'retention:gallring': () => {
      throw new Error('not in this test');
    },
    'retention:tombstones': () => {
      throw new Error('not in this test');
    },
    'retention:ownership': () => {
      throw new Error('not in this test');
    },
    'retention:set-ownership': () => {
      throw new Error('not in this test');
    },
    'present:open': () => ({ opened: false }),
    'present:show': () => ({}),
    'present:close': () => ({}),
    ...overrides,
  });
}

describe('router', () => {
  it('answers a valid call with the handler output', async () => {
    const router = createRouter(registryWith(), new MemoryLogger());
    await expect(router.dispatch('app:info', {}, session)).resolves.toEqual({
      ok: true,
      value: { name: 'Teamvalv', version: '0.1.0', host: 'browser', platform: 'linux' },
    });
  });

  it('refuses invalid input before the handler runs, and logs no payload', async () => {
    let called = false;
    const logger = new MemoryLogger();
    const router = createRouter(
      registryWith({
        'settings:update': () => {
          called = true;
          return { language: 'en' };
        },
      }),
      logger,
    );
    const result = await router.dispatch('settings:update', { language: 'SECRET-MARKER-fi' }, session);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('invalid_input');
    expect(called).toBe(false);
    // Extra keys are refused too (strict schemas), so nothing unexpected slips through.
    const extra = await router.dispatch('settings:update', { language: 'sv', admin: true }, session);
    expect(extra.ok).toBe(false);
    expect(JSON.stringify(logger.lines)).not.toContain('SECRET-MARKER');
  });

  it('names the refused input key for the page (a key of the schema, never a value or an unknown key)', async () => {
    let called = false;
    const router = createRouter(
      registryWith({
        'settings:update': () => {
          called = true;
          return { language: 'en' };
        },
      }),
      new MemoryLogger(),
    );
    const bad = await router.dispatch('settings:update', { language: 'SECRET-MARKER' }, session);
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input', detail: { field: 'language' } } });
    const extra = await router.dispatch('settings:update', { language: 'sv', SECRETMARKER: true }, session);
    expect(extra.ok).toBe(false);
    expect(JSON.stringify(extra)).not.toContain('SECRETMARKER');
    expect(called).toBe(false);
  });

  it('answers an unknown channel with a typed error and does not log its name', async () => {
    const logger = new MemoryLogger();
    const router = createRouter(registryWith(), logger);
    const result = await router.dispatch('vault:dump-SECRET-MARKER', {}, session);
    expect(result).toEqual({ ok: false, error: { code: 'unknown_channel', message: 'Unknown channel' } });
    // Own-property lookups only: prototype names are not channels.
    expect((await router.dispatch('__proto__', {}, session)).ok).toBe(false);
    expect((await router.dispatch('toString', {}, session)).ok).toBe(false);
    expect(JSON.stringify(logger.lines)).not.toContain('SECRET-MARKER');
  });

  it('turns a thrown exception into `internal` without leaking its message', async () => {
    const logger = new MemoryLogger();
    const router = createRouter(
      registryWith({
        'app:info': () => {
          throw new Error('SQLITE_ERROR near "SECRET-MARKER"');
        },
      }),
      logger,
    );
    const result = await router.dispatch('app:info', {}, session);
    expect(result).toEqual({ ok: false, error: { code: 'internal', message: 'Internal error' } });
    expect(logger.lines.at(-1)).toMatchObject({ level: 'error', fn: 'router.dispatch', fields: { channel: 'app:info', kind: 'Error' } });
    expect(JSON.stringify(logger.lines)).not.toContain('SECRET-MARKER');
  });

  it('passes an AppError code through', async () => {
    const router = createRouter(
      registryWith({
        'settings:get': () => {
          throw new AppError('vault_locked', 'The vault is locked');
        },
      }),
      new MemoryLogger(),
    );
    await expect(router.dispatch('settings:get', {}, session)).resolves.toEqual({
      ok: false,
      error: { code: 'vault_locked', message: 'The vault is locked' },
    });
  });

  it('passes a refusal with its reason and field through, and logs a refusal that got past tsc without either', async () => {
    const logger = new MemoryLogger();
    const router = createRouter(
      registryWith({
        'settings:get': () => {
          throw new AppError('conflict', 'That theme exists', { reason: 'name_taken', field: 'name' });
        },
        'settings:update': () => {
          // A cast past the overloads, as a careless refactoring might write it.
          throw new AppError('forbidden' as ErrorCode as 'not_found', 'Not permitted');
        },
      }),
      logger,
    );
    await expect(router.dispatch('settings:get', {}, session)).resolves.toEqual({ ok: false, error: { code: 'conflict', message: 'That theme exists', detail: { reason: 'name_taken', field: 'name' } } });
    expect(logger.lines.filter((line) => line.level === 'warn')).toEqual([]);
    await expect(router.dispatch('settings:update', {}, session)).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(logger.lines.at(-1)).toMatchObject({ level: 'warn', fn: 'router.dispatch', message: 'refusal without a reason or field', fields: { channel: 'settings:update', code: 'forbidden' } });
  });

  it('answers a failure it is told how to explain (a full disk mid-session) with its code and detail, not `internal`', async () => {
    const logger = new MemoryLogger();
    const full = Object.assign(new Error('SQLITE_FULL near "SECRET-MARKER"'), { name: 'SqliteError', code: 'SQLITE_FULL' });
    const router = createRouter(
      registryWith({
        'settings:get': () => {
          throw full;
        },
        'app:info': () => {
          throw new Error('something else');
        },
      }),
      logger,
      { explainFailure: (error) => (error === full ? new AppError('storage_full', 'The disk holding the vault is full', { newestBackupAt: '2026-11-23T10:00:00.000Z' }) : null) },
    );
    await expect(router.dispatch('settings:get', {}, session)).resolves.toEqual({
      ok: false,
      error: { code: 'storage_full', message: 'The disk holding the vault is full', detail: { newestBackupAt: '2026-11-23T10:00:00.000Z' } },
    });
    await expect(router.dispatch('app:info', {}, session)).resolves.toEqual({ ok: false, error: { code: 'internal', message: 'Internal error' } });
    expect(logger.lines.find((line) => line.fields.code === 'storage_full')).toMatchObject({ level: 'error', fields: { channel: 'settings:get', kind: 'SqliteError' } });
    expect(JSON.stringify(logger.lines)).not.toContain('SECRET-MARKER');
  });

  it('refuses handler output that breaks the contract', async () => {
    const logger = new MemoryLogger();
    const router = createRouter(
      // Deliberately wrong output to prove the router checks it.
      registryWith({ 'settings:get': () => ({ language: 'de' }) as never }),
      logger,
    );
    const result = await router.dispatch('settings:get', {}, session);
    expect(result).toEqual({ ok: false, error: { code: 'internal', message: 'Internal error' } });
    expect(logger.lines.some((line) => line.message === 'handler output failed its schema')).toBe(true);
  });
});

describe('HandlerRegistry', () => {
  it('refuses a channel registered twice', () => {
    const registry = new HandlerRegistry().register('a', { 'app:info': () => ({ name: 'Teamvalv', version: '1', host: 'browser', platform: 'x' }) });
    expect(() => registry.register('b', { 'app:info': () => ({ name: 'Teamvalv', version: '1', host: 'browser', platform: 'x' }) })).toThrow(
      /already registered/,
    );
  });

  it('refuses a channel that is not in the contract', () => {
    const handlers = { 'vault:nothing': () => ({}) } as never;
    expect(() => new HandlerRegistry().register('x', handlers)).toThrow(/not in the contract/);
  });

  it('makes createRouter refuse a contract with unhandled channels', () => {
    const registry = new HandlerRegistry().register('app', { 'app:info': () => ({ name: 'Teamvalv', version: '1', host: 'browser', platform: 'x' }) });
    expect(() => createRouter(registry, new MemoryLogger())).toThrow(/no handler for/);
  });
});

describe('the real app core', () => {
  it('serves app:health with checks from this machine', async () => {
    const { createAppCore } = await import('../app-core');
    const os = await import('node:os');
    const fs = await import('node:fs/promises');
    const path = await import('node:path');
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'teamvalv-core-'));
    try {
      const clock = new ManualClock('2026-11-23T08:00:00Z');
      const core = await createAppCore({ host: 'browser', dataDir, clock, logger: new MemoryLogger() });
      clock.advance(90_500);
      // Signed in: everything, the data folder's path included.
      const signedIn = { ...session, account: { accountId: 'a1', roles: [] } };
      const result = await core.router.dispatch('app:health', {}, signedIn);
      expect(result.ok).toBe(true);
      if (result.ok) {
        const value = Health.parse(result.value);
        expect(value).toMatchObject({ status: 'ok', host: 'browser', dataDir, uptimeSeconds: 90, nodeVersion: process.versions.node });
        expect(value.checks.map((check) => [check.name, check.ok])).toEqual([
          ['node-runtime', true],
          ['data-dir', true],
          ['crypto', true],
        ]);
      }
      // Before sign-in: only what the lock screen needs — fit to run or not — and no path anywhere in the answer.
      const locked = await core.router.dispatch('app:health', {}, { ...session, account: null });
      expect(locked).toMatchObject({ ok: true, value: { status: 'ok', host: 'browser', dataDir: null, nodeVersion: null, startedAt: null, uptimeSeconds: null } });
      expect(JSON.stringify(locked)).not.toContain(dataDir);
      expect(JSON.stringify(locked)).not.toContain(path.basename(dataDir));
    } finally {
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  });
});
