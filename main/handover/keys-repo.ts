import { randomUUID } from 'node:crypto';
import { AppError } from '../../shared/ipc/errors';
import type { ReadCaps, WriteCaps } from '../capabilities/caps';
import { requireAdmin } from '../roster/access';
import { type OrgKeyPair, fingerprint, generateOrgKeyPair, looksLikeKeyFile, parseKeyFile, parseRecipientFile, recipientFingerprint, renderKeyFile, signingKeyHash } from './keys';
import type { TrustedSigner } from './packet';

/**
 * The vault organisation's packet keys and the trust store (DESIGN.md, "Handover packets").
 * Own keys: one current pair; *retire* (routine rotation) keeps the old pair for opening packets
 * sent to it, *revoke* (compromise) stops using it for anything. Partners' keys are imported from
 * their key file, confirmed only after the fingerprint was compared out of band, then retired or
 * revoked. Admin only, except reading and exporting our own public key (anyone signed in: the
 * caps hold a signed-in account). Every change audited.
 */
interface OrgKeyRow {
  id: string;
  signing_public_pem: string;
  signing_private_pem: string;
  age_recipient: string;
  age_identity: string;
  fingerprint: string;
  created_at: string;
  retired_at: string | null;
  revoked_at: string | null;
}

const ORG_KEY_SELECT = 'SELECT id, signing_public_pem, signing_private_pem, age_recipient, age_identity, fingerprint, created_at, retired_at, revoked_at FROM org_keys';

function insertOrgKey(caps: WriteCaps, pair: OrgKeyPair): string {
  const id = randomUUID();
  caps.db
    .prepare('INSERT INTO org_keys (id, signing_public_pem, signing_private_pem, age_recipient, age_identity, fingerprint, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(id, pair.signingPem, pair.signingPrivatePem, pair.ageRecipient, pair.ageIdentity, fingerprint(pair), caps.clock.now().toISOString());
  return id;
}

/** Creates the organisation's first key pair (after setup, at the first unlock), once. */
export async function ensureOrgKeys(caps: WriteCaps): Promise<void> {
  if (currentOrgKeyRow(caps)) return;
  const pair = await generateOrgKeyPair();
  caps.db.transaction(() => {
    if (currentOrgKeyRow(caps)) return;
    const id = insertOrgKey(caps, pair);
    caps.audit.record('org-keys.created', { keyId: id, fingerprint: fingerprint(pair) });
  })();
}

function currentOrgKeyRow(caps: ReadCaps): OrgKeyRow | undefined {
  return caps.db.prepare(`${ORG_KEY_SELECT} WHERE retired_at IS NULL AND revoked_at IS NULL ORDER BY created_at DESC LIMIT 1`).get() as OrgKeyRow | undefined;
}

export function currentOrgKey(caps: ReadCaps): OrgKeyRow {
  const row = currentOrgKeyRow(caps);
  if (!row) throw new AppError('not_found', 'The organisation has no packet key yet: sign in again to create it');
  return row;
}

export function listOwnKeys(caps: ReadCaps): { id: string; fingerprint: string; signingKeyHash: string; createdAt: string; retiredAt: string | null; revokedAt: string | null; current: boolean }[] {
  const current = currentOrgKeyRow(caps)?.id;
  return (caps.db.prepare(`${ORG_KEY_SELECT} ORDER BY created_at DESC`).all() as OrgKeyRow[]).map((row) => ({
    id: row.id,
    fingerprint: row.fingerprint,
    signingKeyHash: signingKeyHash(row.signing_public_pem),
    createdAt: row.created_at,
    retiredAt: row.retired_at,
    revokedAt: row.revoked_at,
    current: row.id === current,
  }));
}

export function ownOrganisation(caps: ReadCaps): { id: string; name: string; orgNumber: string } {
  const row = caps.db.prepare('SELECT id, name, org_number FROM organisations WHERE is_own = 1').get() as { id: string; name: string; org_number: string };
  return { id: row.id, name: row.name, orgNumber: row.org_number };
}

/**
 * Our public key file, for partners: anyone signed in may hand it out (it holds no secret). The
 * caller audits it ('org-keys.public-exported' with `keyId`) once the file is written.
 */
export function ownKeyFile(caps: ReadCaps): { fileName: string; text: string; fingerprint: string; keyId: string } {
  const key = currentOrgKey(caps);
  const org = ownOrganisation(caps);
  const text = renderKeyFile({ organisation: org.name, orgNumber: org.orgNumber, signingPem: key.signing_public_pem, ageRecipient: key.age_recipient });
  return { fileName: `teamvalv-nyckel-${org.orgNumber}.pem`, text, fingerprint: key.fingerprint, keyId: key.id };
}

/**
 * Retire (routine) or revoke (compromise) our current pair and make a new one. A retired pair still
 * opens packets sent to it; a revoked one opens nothing more. Partners must import the new file.
 */
export async function replaceOwnKey(caps: WriteCaps, mode: 'retire' | 'revoke', reason: string): Promise<{ fingerprint: string }> {
  requireAdmin(caps.access.actor);
  const old = currentOrgKey(caps);
  const pair = await generateOrgKeyPair();
  caps.db.transaction(() => {
    caps.db.prepare(`UPDATE org_keys SET ${mode === 'retire' ? 'retired_at' : 'revoked_at'} = ? WHERE id = ?`).run(caps.clock.now().toISOString(), old.id);
    const id = insertOrgKey(caps, pair);
    caps.audit.record(mode === 'retire' ? 'org-keys.retired' : 'org-keys.revoked', { oldKeyId: old.id, newKeyId: id, reason: reason.slice(0, 200) });
  })();
  return { fingerprint: fingerprint(pair) };
}

/** What opens packets sent to us: the current pair and retired ones (never a revoked one). */
export function ownIdentities(caps: ReadCaps): { identities: string[]; fingerprints: string[] } {
  const rows = caps.db.prepare(`${ORG_KEY_SELECT} WHERE revoked_at IS NULL`).all() as OrgKeyRow[];
  return { identities: rows.map((row) => row.age_identity), fingerprints: rows.map((row) => row.fingerprint) };
}

// The trust store.

interface TrustedRow {
  id: string;
  organisation_id: string;
  organisation: string;
  signing_public_pem: string | null;
  age_recipient: string;
  fingerprint: string;
  file_organisation: string;
  file_org_number: string;
  imported_at: string;
  confirmed_at: string | null;
  retired_at: string | null;
  revoked_at: string | null;
}

const TRUSTED_SELECT = `SELECT t.id, t.organisation_id, o.name AS organisation, t.signing_public_pem, t.age_recipient, t.fingerprint, t.file_organisation, t.file_org_number,
  t.imported_at, t.confirmed_at, t.retired_at, t.revoked_at FROM trusted_keys t JOIN organisations o ON o.id = t.organisation_id`;

const trustedView = (row: TrustedRow) => ({
  id: row.id,
  organisationId: row.organisation_id,
  organisation: row.organisation,
  kind: row.signing_public_pem ? ('teamvalv' as const) : ('age-recipient' as const),
  ageRecipient: row.age_recipient,
  fileOrganisation: row.file_organisation,
  fingerprint: row.fingerprint,
  importedAt: row.imported_at,
  confirmedAt: row.confirmed_at,
  retiredAt: row.retired_at,
  revokedAt: row.revoked_at,
});

export function listTrustedKeys(caps: ReadCaps): ReturnType<typeof trustedView>[] {
  return (caps.db.prepare(`${TRUSTED_SELECT} ORDER BY o.name, t.imported_at`).all() as TrustedRow[]).map(trustedView);
}

function trustedRow(caps: ReadCaps, keyId: string): TrustedRow {
  const row = caps.db.prepare(`${TRUSTED_SELECT} WHERE t.id = ?`).get(keyId) as TrustedRow | undefined;
  if (!row) throw new AppError('not_found', 'No such key');
  return row;
}

/**
 * Imports a partner's key file for one of the roster's organisations — a Teamvalv key file (signs
 * and receives), or just an age recipient from a partner without Teamvalv (receives only). It is
 * trusted only once confirmed.
 */
export function importTrustedKey(caps: WriteCaps, input: { organisationId: string; keyFile: string }): ReturnType<typeof trustedView> {
  const actor = caps.access.actor;
  requireAdmin(actor);
  const org = caps.db.prepare('SELECT id, name, org_number, is_own FROM organisations WHERE id = ?').get(input.organisationId) as { id: string; name: string; org_number: string; is_own: number } | undefined;
  if (!org) throw new AppError('not_found', 'No such organisation');
  if (org.is_own === 1) throw new AppError('invalid_input', 'Our own organisation’s key is not imported', { reason: 'own_key', field: 'organisationId' });
  const file = parseKeyFile(input.keyFile);
  // A key file that fails its checks is refused, never read again as a bare recipient.
  if (!file && looksLikeKeyFile(input.keyFile)) throw new AppError('invalid_input', 'The key file was changed or is damaged: ask the partner for a new one', { reason: 'key_file_damaged', field: 'keyFile' });
  const recipient = file ? null : parseRecipientFile(input.keyFile);
  if (!file && !recipient) throw new AppError('invalid_input', 'Not a Teamvalv key file or an age recipient', { reason: 'not_a_key_file', field: 'keyFile' });
  if (file && org.org_number !== file.orgNumber) throw new AppError('invalid_input', 'The key file names another organisationsnummer than the chosen organisation', { reason: 'key_file_other_organisation', field: 'organisationId' });
  const entry = file
    ? { signingPem: file.signingPem as string | null, ageRecipient: file.ageRecipient, fingerprint: file.fingerprint, organisation: file.organisation, orgNumber: file.orgNumber }
    : { signingPem: null, ageRecipient: recipient ?? '', fingerprint: recipientFingerprint(recipient ?? ''), organisation: org.name, orgNumber: org.org_number };
  const sameSigningKey = entry.signingPem !== null && caps.db.prepare('SELECT 1 FROM trusted_keys WHERE signing_public_pem = ?').get(entry.signingPem) !== undefined;
  if (sameSigningKey || caps.db.prepare('SELECT 1 FROM trusted_keys WHERE fingerprint = ?').get(entry.fingerprint) || caps.db.prepare('SELECT 1 FROM org_keys WHERE fingerprint = ?').get(entry.fingerprint)) {
    throw new AppError('conflict', 'That key is already in the trust store', { reason: 'already_done' });
  }
  const id = randomUUID();
  caps.db.transaction(() => {
    caps.db
      .prepare(
        'INSERT INTO trusted_keys (id, organisation_id, signing_public_pem, age_recipient, fingerprint, file_organisation, file_org_number, imported_at, imported_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(id, org.id, entry.signingPem, entry.ageRecipient, entry.fingerprint, entry.organisation, entry.orgNumber, caps.clock.now().toISOString(), actor.accountId);
    caps.audit.record('trust.key-imported', { keyId: id, organisationId: org.id, fingerprint: entry.fingerprint, signs: entry.signingPem !== null });
  })();
  return trustedView(trustedRow(caps, id));
}

/** What must be typed from the phone call: the last two digit groups, or a recipient's last ten characters. */
function heardMatches(row: TrustedRow, heard: string): boolean {
  if (row.signing_public_pem) return heard.replace(/\s/g, '') === row.fingerprint.replace(/\s/g, '').slice(-10);
  return heard.replace(/\s/g, '').toLowerCase() === row.age_recipient.slice(-10);
}

/**
 * The admin compared the key with the partner by phone and types what they heard (the last two
 * groups of the fingerprint, or a bare recipient's last ten characters): the key is trusted from now on.
 */
export function confirmTrustedKey(caps: WriteCaps, input: { keyId: string; heard: string }): ReturnType<typeof trustedView> {
  const actor = caps.access.actor;
  requireAdmin(actor);
  const row = trustedRow(caps, input.keyId);
  if (!heardMatches(row, input.heard)) throw new AppError('invalid_input', 'What was heard does not match this key: do not trust it', { reason: 'key_mismatch', field: 'heard' });
  if (row.confirmed_at) throw new AppError('conflict', 'The key is already confirmed', { reason: 'already_done' });
  if (row.revoked_at || row.retired_at) throw new AppError('conflict', 'A retired or revoked key is not confirmed', { reason: 'already_done' });
  caps.db.transaction(() => {
    caps.db.prepare('UPDATE trusted_keys SET confirmed_at = ?, confirmed_by = ? WHERE id = ?').run(caps.clock.now().toISOString(), actor.accountId, row.id);
    caps.audit.record('trust.key-confirmed', { keyId: row.id, organisationId: row.organisation_id, fingerprint: row.fingerprint });
  })();
  return trustedView(trustedRow(caps, row.id));
}

/**
 * Retire: the partner rotated; packets it signed before now still import (with a warning).
 * Revoke: the partner's key is compromised; nothing it signed imports, and what was imported under it is flagged.
 */
export function endTrustedKey(caps: WriteCaps, keyId: string, mode: 'retire' | 'revoke'): ReturnType<typeof trustedView> {
  const actor = caps.access.actor;
  requireAdmin(actor);
  const row = trustedRow(caps, keyId);
  if (row.revoked_at || (mode === 'retire' && row.retired_at)) throw new AppError('conflict', 'The key is already ended', { reason: 'already_done' });
  caps.db.transaction(() => {
    caps.db.prepare(`UPDATE trusted_keys SET ${mode === 'retire' ? 'retired_at' : 'revoked_at'} = ? WHERE id = ?`).run(caps.clock.now().toISOString(), row.id);
    caps.audit.record(mode === 'retire' ? 'trust.key-retired' : 'trust.key-revoked', { keyId: row.id, organisationId: row.organisation_id });
  })();
  return trustedView(trustedRow(caps, row.id));
}

/** The signers import checks against: confirmed keys that can sign, with their retirement and revocation. */
export function trustedSigners(caps: ReadCaps): TrustedSigner[] {
  return (caps.db.prepare(`${TRUSTED_SELECT} WHERE t.confirmed_at IS NOT NULL AND t.signing_public_pem IS NOT NULL`).all() as TrustedRow[]).map((row) => ({
    id: row.id,
    organisation: row.organisation,
    orgNumber: row.file_org_number,
    signingPem: row.signing_public_pem ?? '',
    ageRecipient: row.age_recipient,
    retiredAt: row.retired_at,
    revokedAt: row.revoked_at,
  }));
}

/** The confirmed, current key of a receiving organisation (packets are addressed to it). */
export function recipientKey(caps: ReadCaps, organisationId: string): TrustedRow | null {
  return (
    (caps.db
      .prepare(`${TRUSTED_SELECT} WHERE t.organisation_id = ? AND t.confirmed_at IS NOT NULL AND t.retired_at IS NULL AND t.revoked_at IS NULL ORDER BY t.confirmed_at DESC LIMIT 1`)
      .get(organisationId) as TrustedRow | undefined) ?? null
  );
}
