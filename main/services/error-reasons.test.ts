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
