// Refusals that say what happened: each answers its code with a reason (and the field) the page
// turns into its own sentence, and changes nothing — no row, no audit entry.
import { describe, expect, it } from 'vitest';
import type { IpcResult } from '../../shared/ipc/errors';
import { generateOrgKeyPair, renderKeyFile } from '../handover/keys';
import { testAppCore } from '../test-support/app-core';
import { useTempDirs } from '../test-support/temp-dir';

const tempDir = useTempDirs();

const SETUP = { orgName: 'Samordningsteamet Väst', orgNumber: '212000-2627', adminUsername: 'anna', adminDisplayName: 'Anna Berg', password: 'möte varje tisdag klockan nio' };

async function world() {
  const core = await testAppCore(await tempDir());
  await core.call('vault:setup', SETUP);
  const db = () => core.app.vault.vault.db;
  /** Everything a refusal must leave as it was: the audit head and the rows of the tables touched. */
  const snapshot = () => ({
    head: (db().prepare('SELECT MAX(seq) AS seq FROM audit_log').get() as { seq: number }).seq,
    organisations: db().prepare('SELECT * FROM organisations ORDER BY id').all(),
    accounts: db().prepare('SELECT id, removed_at FROM accounts ORDER BY id').all(),
    keys: db().prepare('SELECT id, confirmed_at FROM trusted_keys ORDER BY id').all(),
  });
  const raw = (channel: string, input: unknown): Promise<IpcResult<unknown>> => core.app.call(channel, input, 'page');
  return { ...core, db, snapshot, raw };
}

describe('refusals name their cause', () => {
  it('a partner key whose heard characters do not match: key_mismatch on the field heard, the key stays unconfirmed', async () => {
    const { call, raw, snapshot } = await world();
    const fk = await call<{ id: string }>('roster:save-organisation', { name: 'Försäkringskassan', shortName: 'FK', orgNumber: '202100-5521', kind: 'other' });
    const pair = await generateOrgKeyPair();
    const trusted = await call<{ id: string; fingerprint: string }>('keys:import', {
      organisationId: fk.id,
      keyFile: renderKeyFile({ organisation: 'Försäkringskassan', orgNumber: '202100-5521', signingPem: pair.signingPem, ageRecipient: pair.ageRecipient }),
    });
    const before = snapshot();
    expect(await raw('keys:confirm', { keyId: trusted.id, heard: '00000 00000' })).toMatchObject({ ok: false, error: { code: 'invalid_input', detail: { reason: 'key_mismatch', field: 'heard' } } });
    expect(snapshot()).toEqual(before);
    const right = trusted.fingerprint.split(' ').slice(-2).join(' ');
    expect(await raw('keys:confirm', { keyId: trusted.id, heard: right })).toMatchObject({ ok: true });
  });

  it('an admin removing her own account: own_account, not a missing permission; nothing changes', async () => {
    const { app, raw, snapshot } = await world();
    const before = snapshot();
    expect(await raw('accounts:remove', { accountId: app.vault.vault.account?.id })).toEqual({
      ok: false,
      error: { code: 'forbidden', message: 'You cannot remove your own account', detail: { reason: 'own_account' } },
    });
    expect(snapshot()).toEqual(before);
  });

  it('saving a new organisation twice: name_taken on the field name (also when only the case differs); the second save writes nothing', async () => {
    const { call, raw, snapshot } = await world();
    const input = { name: 'Försäkringskassan', shortName: 'FK', orgNumber: '202100-5521', kind: 'other' };
    await call('roster:save-organisation', input);
    const before = snapshot();
    expect(await raw('roster:save-organisation', input)).toMatchObject({ ok: false, error: { code: 'conflict', detail: { reason: 'name_taken', field: 'name' } } });
    expect(await raw('roster:save-organisation', { ...input, name: 'försäkringskassan' })).toMatchObject({ ok: false, error: { code: 'conflict', detail: { reason: 'name_taken' } } });
    // Another name with the same organisationsnummer: the number is what is taken.
    expect(await raw('roster:save-organisation', { ...input, name: 'FK Väst' })).toMatchObject({ ok: false, error: { code: 'conflict', detail: { reason: 'org_number_taken', field: 'orgNumber' } } });
    expect(snapshot()).toEqual(before);
  });

  it('invalid input names the refused key of the input, and reaches no handler', async () => {
    const { raw, snapshot } = await world();
    const before = snapshot();
    expect(await raw('roster:save-organisation', { name: '', shortName: 'FK', orgNumber: '202100-5521', kind: 'other' })).toMatchObject({ ok: false, error: { code: 'invalid_input', detail: { field: 'name' } } });
    expect(await raw('roster:save-organisation', { name: 'Försäkringskassan', shortName: 'FK', orgNumber: 'nej', kind: 'other' })).toMatchObject({ ok: false, error: { code: 'invalid_input', detail: { field: 'orgNumber' } } });
    expect(snapshot()).toEqual(before);
  });
});

describe('removing an organisation made by mistake', () => {
  it('removes one nothing refers to, audited with its name', async () => {
    const { call, raw, db } = await world();
    const mistake = await call<{ id: string }>('roster:save-organisation', { name: 'Försäkringskasan', shortName: 'FK', orgNumber: '202100-5521', kind: 'other' });
    expect(await raw('roster:remove-organisation', { organisationId: mistake.id })).toEqual({ ok: true, value: { removed: true } });
    expect(db().prepare('SELECT 1 FROM organisations WHERE id = ?').get(mistake.id)).toBeUndefined();
    const last = db().prepare('SELECT action, detail FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { action: string; detail: string };
    expect(last.action).toBe('roster.organisation-removed');
    expect(JSON.parse(last.detail)).toEqual({ organisationId: mistake.id, name: 'Försäkringskasan' });
    // Now the right one can be made with the same number.
    await call('roster:save-organisation', { name: 'Försäkringskassan', shortName: 'FK', orgNumber: '202100-5521', kind: 'other' });
  });

  it('refuses while something refers to it, naming what, and never the home organisation; nothing changes', async () => {
    const { call, raw, snapshot } = await world();
    const fk = await call<{ id: string }>('roster:save-organisation', { name: 'Försäkringskassan', shortName: 'FK', orgNumber: '202100-5521', kind: 'other' });
    await call('roster:save-member', { displayName: 'Karin Ek', profession: 'other', professionOther: 'Handläggare', organisationId: fk.id, phone: '', email: '', activeFrom: '2026-01-01' });
    const orgs = await call<{ id: string; isOwn: boolean }[]>('roster:organisations', {});
    const own = orgs.find((o) => o.isOwn);
    const before = snapshot();
    expect(await raw('roster:remove-organisation', { organisationId: fk.id })).toMatchObject({ ok: false, error: { code: 'conflict', detail: { reason: 'organisation_in_use', uses: ['members'] } } });
    expect(await raw('roster:remove-organisation', { organisationId: own?.id })).toMatchObject({ ok: false, error: { code: 'forbidden', detail: { reason: 'own_organisation' } } });
    expect(snapshot()).toEqual(before);
  });
});

describe('refusals that used to leave the user guessing', () => {
  /** A team with the admin as its chair, an anonymous case and an open meeting with the case on the agenda. */
  async function meetingWorld() {
    const w = await world();
    const [own] = await w.call<{ id: string }[]>('roster:organisations');
    const team = await w.call<{ id: string }>('roster:save-team', { name: 'Team Öst', description: '', meetingWeekday: 2, meetingTime: '09:00', meetingRoom: '' });
    const me = await w.call<{ id: string }>('roster:save-member', { displayName: 'Anna Berg', profession: 'processledare', professionOther: '', organisationId: own?.id, phone: '', email: '', activeFrom: '2026-01-01', team: { teamId: team.id, role: 'chair' } });
    const accounts = await w.call<{ id: string }[]>('accounts:list');
    await w.call('roster:link-account', { memberId: me.id, accountId: accounts[0]?.id });
    const kase = await w.call<{ id: string }>('cases:create', { teamId: team.id, ageBand: '20-24', consentMode: 'anonymous', raisedByOrganisationId: own?.id, ownerMemberId: null });
    const meeting = await w.call<{ id: string }>('meetings:create', { teamId: team.id, date: '2026-11-24', time: '09:00', chairMemberId: me.id, noteTakerMemberId: null });
    const item = await w.call<{ item: { id: string } }>('meetings:add-agenda-item', { meetingId: meeting.id, caseId: kase.id });
    const other = await w.call<{ item: { id: string } }>('meetings:add-agenda-item', { meetingId: meeting.id, title: 'Övrigt' });
    const tables = () => ({
      ...w.snapshot(),
      agenda: w.db().prepare('SELECT id, position FROM agenda_items ORDER BY position').all(),
      addenda: w.db().prepare('SELECT count(*) AS n FROM meeting_addenda').get(),
      consents: w.db().prepare('SELECT count(*) AS n FROM case_consents').get(),
    });
    return { ...w, own, team, kase, meeting, itemIds: [item.item.id, other.item.id], tables };
  }

  it('an account whose username is taken: username_taken on the field username (it used to say a vault exists here); no account is added', async () => {
    const { raw, snapshot } = await world();
    const before = snapshot();
    expect(await raw('accounts:add', { username: 'anna', displayName: 'Anna Andersson', roles: [] })).toEqual({
      ok: false,
      error: { code: 'conflict', message: 'That username is taken', detail: { reason: 'username_taken', field: 'username' } },
    });
    expect(await raw('accounts:add', { username: 'anna berg', displayName: 'Anna Andersson', roles: [] })).toMatchObject({ ok: false, error: { code: 'invalid_input', detail: { reason: 'username_format', field: 'username' } } });
    expect(snapshot()).toEqual(before);
  });

  it('a new password too short or too easy to guess names why and the field newPassword; the old password still opens the vault', async () => {
    const { raw, snapshot, call } = await world();
    const before = snapshot();
    expect(await raw('vault:change-password', { oldPassword: SETUP.password, newPassword: 'kort' })).toMatchObject({ ok: false, error: { code: 'invalid_input', detail: { reason: 'password_too_short', field: 'newPassword' } } });
    expect(await raw('vault:change-password', { oldPassword: SETUP.password, newPassword: 'aaaaaaaaaaaaaaaa' })).toMatchObject({ ok: false, error: { code: 'invalid_input', detail: { reason: 'password_too_weak', field: 'newPassword' } } });
    expect(snapshot()).toEqual(before);
    await call('vault:lock');
    await call('vault:unlock', { username: 'anna', password: SETUP.password });
  });

  it('setup a second time: vault_exists', async () => {
    const { raw } = await world();
    expect(await raw('vault:setup', SETUP)).toMatchObject({ ok: false, error: { code: 'conflict', detail: { reason: 'vault_exists' } } });
  });

  it("importing the own organisation's key: own_key on the field organisationId; the trust store is unchanged", async () => {
    const { raw, call, snapshot } = await world();
    const [own] = await call<{ id: string }[]>('roster:organisations');
    const pair = await generateOrgKeyPair();
    const before = snapshot();
    const keyFile = renderKeyFile({ organisation: 'Samordningsteamet Väst', orgNumber: '212000-2627', signingPem: pair.signingPem, ageRecipient: pair.ageRecipient });
    expect(await raw('keys:import', { organisationId: own?.id, keyFile })).toMatchObject({ ok: false, error: { code: 'invalid_input', detail: { reason: 'own_key', field: 'organisationId' } } });
    expect(snapshot()).toEqual(before);
  });

  it('a roster file without the roster columns: csv_columns on the field csv; nobody is imported', async () => {
    const { raw, db } = await world();
    const members = () => db().prepare('SELECT count(*) AS n FROM members').get();
    const before = members();
    expect(await raw('roster:import', { csv: 'foo;bar\n1;2\n' })).toMatchObject({ ok: false, error: { code: 'invalid_input', detail: { reason: 'csv_columns', field: 'csv' } } });
    expect(members()).toEqual(before);
  });

  it('a retention time under the minimum: retention_minimum on the field rules; the rules stay', async () => {
    const { raw, call } = await world();
    const view = await call<{ rules: Record<string, number> }>('retention:rules');
    expect(await raw('retention:set-rules', { rules: { ...view.rules, 'audit-log': 12 } })).toMatchObject({ ok: false, error: { code: 'invalid_input', detail: { reason: 'retention_minimum', field: 'rules' } } });
    expect(await call('retention:rules')).toEqual(view);
  });

  it('a consent on an anonymous case, an addendum to open minutes, a stale agenda order: each names its cause; nothing changes', async () => {
    const { raw, tables, own, kase, meeting, itemIds } = await meetingWorld();
    const before = tables();
    const consent = { caseId: kase.id, organisationId: own?.id, direction: 'both', categories: ['health'], purpose: 'Samordning', validFrom: '2026-01-01', validTo: '2026-12-31', guardianConsent: false, paperFiledAt: 'Akten' };
    expect(await raw('cases:add-consent', consent)).toMatchObject({ ok: false, error: { code: 'conflict', detail: { reason: 'anonymous_case' } } });
    expect(await raw('meetings:add-addendum', { meetingId: meeting.id, caseItemId: null, kind: 'addendum', text: 'Tillägg', reason: 'Glömdes' })).toMatchObject({
      ok: false,
      error: { code: 'conflict', detail: { reason: 'meeting_not_finalised' } },
    });
    // Another window added an item since: the order the page sends lists only one of the two.
    expect(await raw('meetings:reorder-agenda', { meetingId: meeting.id, itemIds: [itemIds[1]] })).toMatchObject({ ok: false, error: { code: 'invalid_input', detail: { reason: 'agenda_changed' } } });
    expect(tables()).toEqual(before);
    expect(await raw('meetings:reorder-agenda', { meetingId: meeting.id, itemIds: [...itemIds].reverse() })).toMatchObject({ ok: true });
  });
});
