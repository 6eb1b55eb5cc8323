import { createHash, randomUUID } from 'node:crypto';
import { type Json, canonicalJson } from '../../shared/canonical-json';
import type { z } from 'zod';
import { blockingHits, scanText } from '../../shared/guard/identifier-guard';
import type { CreateHandoverInput } from '../../shared/handover/model';
import { type HandoverContent, PACKET_FORMAT, type PacketManifest } from '../../shared/handover/packet-model';
import { AppError } from '../../shared/ipc/errors';
import type { ReadCaps, WriteCaps } from '../capabilities/caps';
import { requireReadableCase } from '../cases/repository';
import { guardOptions } from '../guard/extra-names';
import { stockholmDate } from '../../shared/time/zone';
import { mayManageTeam, mayReadTeamRecords } from '../roster/access';
import { DEMO, readSetting } from '../vault/settings';
import { auditHead } from '../vault/audit/audit-log';
import { handoverPdf } from './handover-pdf';
import { currentOrgKey, ownIdentities, ownOrganisation, recipientKey, trustedSigners } from './keys-repo';
import { PacketRefused, buildPacket, openPacket } from './packet';

/**
 * Handover meetings (överlämningsmöten) and the packets that carry them. Who may do what (the
 * table in docs/architecture.md): H1 a handover is created, read and exported by whoever may read
 * its case today (team membership and the consent rule); H2 it needs a valid, unwithdrawn consent
 * that lets the receiving organisation receive, on the handover's date and again on the day of the
 * export — or an override with a written reason kept on the handover itself, audited; H3 a demo
 * vault never exports; H4 received packets are read by the members of the team they were received
 * for (and, once linked, under the case's own rule).
 */
type In<T extends z.ZodType> = z.infer<T>;

interface HandoverRow {
  id: string;
  case_id: string;
  conversation_id: string;
  date: string;
  from_organisation_id: string;
  from_organisation: string;
  from_function: string;
  to_organisation_id: string;
  to_organisation: string;
  to_org_number: string;
  to_function: string;
  participants: string;
  reason: string;
  consent_id: string | null;
  consent_override: string | null;
  goals: string;
  insatser: string;
  new_case_owner: string;
  follow_up_date: string | null;
}

const HANDOVER_SELECT = `SELECT h.id, h.case_id, h.conversation_id, h.date, h.from_organisation_id, fo.name AS from_organisation, h.from_function,
  h.to_organisation_id, tor.name AS to_organisation, tor.org_number AS to_org_number, h.to_function, h.participants, h.reason, h.consent_id,
  h.consent_override, h.goals, h.insatser, h.new_case_owner, h.follow_up_date
  FROM handovers h JOIN organisations fo ON fo.id = h.from_organisation_id JOIN organisations tor ON tor.id = h.to_organisation_id`;

/** A consent that lets `organisationId` receive the case's information on `date`. */
function validConsent(caps: ReadCaps, caseId: string, organisationId: string, date: string, consentId?: string): { id: string; valid_to: string; valid_from: string; paper_filed_at: string } | undefined {
  return caps.db
    .prepare(
      `SELECT id, valid_from, valid_to, paper_filed_at FROM case_consents WHERE case_id = ? AND organisation_id = ? AND direction IN ('receive', 'both')
       AND valid_from <= ? AND valid_to >= ? AND (withdrawn_on IS NULL OR withdrawn_on > ?) ${consentId ? 'AND id = ?' : ''} ORDER BY valid_to DESC LIMIT 1`,
    )
    .get(...[caseId, organisationId, date, date, date, ...(consentId ? [consentId] : [])]) as { id: string; valid_to: string; valid_from: string; paper_filed_at: string } | undefined;
}

/** The consents a new handover to `organisationId` may rest on. */
export function consentOptions(caps: ReadCaps, caseId: string, organisationId: string, date: string): { id: string; organisation: string; validFrom: string; validTo: string; paperFiledAt: string }[] {
  requireReadableCase(caps, caseId);
  const rows = caps.db
    .prepare(
      `SELECT c.id, o.name AS organisation, c.valid_from, c.valid_to, c.paper_filed_at FROM case_consents c JOIN organisations o ON o.id = c.organisation_id
       WHERE c.case_id = ? AND c.organisation_id = ? AND c.direction IN ('receive', 'both') AND c.valid_from <= ? AND c.valid_to >= ? AND (c.withdrawn_on IS NULL OR c.withdrawn_on > ?)`,
    )
    .all(caseId, organisationId, date, date, date) as { id: string; organisation: string; valid_from: string; valid_to: string; paper_filed_at: string }[];
  return rows.map((row) => ({ id: row.id, organisation: row.organisation, validFrom: row.valid_from, validTo: row.valid_to, paperFiledAt: row.paper_filed_at }));
}

export function guarded(caps: ReadCaps, texts: readonly string[]): void {
  const options = guardOptions(caps);
  if (blockingHits(texts.flatMap((text) => scanText(text, options))).length > 0) throw new AppError('invalid_input', 'The text holds identifiers: remove them', { reason: 'identifiers_in_text' });
}

function organisationName(caps: ReadCaps, id: string): string {
  const row = caps.db.prepare('SELECT name FROM organisations WHERE id = ?').get(id) as { name: string } | undefined;
  if (!row) throw new AppError('not_found', 'No such organisation');
  return row.name;
}

export function createHandover(caps: WriteCaps, input: In<typeof CreateHandoverInput>): ReturnType<typeof summary> {
  const actor = caps.access.actor;
  const kase = requireReadableCase(caps, input.caseId);
  if (input.fromOrganisationId === input.toOrganisationId) throw new AppError('invalid_input', 'A handover goes to another organisation', { field: 'toOrganisationId' });
  organisationName(caps, input.fromOrganisationId);
  organisationName(caps, input.toOrganisationId);
  // H2: a consent that lets the receiver receive, on the handover's date — or a written override.
  if (input.consentId === null && input.consentOverride === null) throw new AppError('invalid_input', 'A handover needs a consent that covers the receiving organisation, or a written reason', { field: 'consentId' });
  if (input.consentId !== null && !validConsent(caps, input.caseId, input.toOrganisationId, input.date, input.consentId)) {
    throw new AppError('invalid_input', 'That consent does not let the receiving organisation receive on the handover’s date', { field: 'consentId' });
  }
  const participants = input.participantMemberIds.map((memberId) => {
    const row = caps.db
      .prepare('SELECT m.display_name, o.name AS organisation FROM members m JOIN organisations o ON o.id = m.organisation_id JOIN team_memberships t ON t.member_id = m.id WHERE m.id = ? AND t.team_id = ?')
      .get(memberId, kase.team_id) as { display_name: string; organisation: string } | undefined;
    if (!row) throw new AppError('invalid_input', "Participants come from the team's roster, or are guests", { field: 'participantMemberIds' });
    return { name: row.display_name, organisation: row.organisation };
  });
  for (const guest of input.guests) participants.push({ name: guest.name, organisation: organisationName(caps, guest.organisationId) });
  guarded(caps, [input.reason, input.goals, input.newCaseOwner, input.toFunction, input.fromFunction, input.consentOverride ?? '', ...input.insatser.flatMap((i) => [i.text, i.responsible])]);
  const id = randomUUID();
  caps.db.transaction(() => {
    caps.db
      .prepare(
        `INSERT INTO handovers (id, case_id, conversation_id, date, from_organisation_id, from_function, to_organisation_id, to_function, participants, reason, consent_id,
          consent_override, goals, insatser, new_case_owner, follow_up_date, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        input.caseId,
        randomUUID(),
        input.date,
        input.fromOrganisationId,
        input.fromFunction,
        input.toOrganisationId,
        input.toFunction,
        JSON.stringify(participants),
        input.reason,
        input.consentId,
        input.consentOverride,
        input.goals,
        JSON.stringify(input.insatser),
        input.newCaseOwner,
        input.followUpDate,
        caps.clock.now().toISOString(),
        actor.accountId,
      );
    // The override's reason is on the handover itself; the log says there was one.
    caps.audit.record(input.consentOverride ? 'handover.created-with-consent-override' : 'handover.created', { handoverId: id, toOrganisationId: input.toOrganisationId }, kase.code);
  })();
  return getHandover(caps, id);
}

function handoverRow(caps: ReadCaps, handoverId: string): HandoverRow {
  const row = caps.db.prepare(`${HANDOVER_SELECT} WHERE h.id = ?`).get(handoverId) as HandoverRow | undefined;
  if (!row) throw new AppError('not_found', 'No such handover');
  return row;
}

function summary(caps: ReadCaps, row: HandoverRow, caseCode: string) {
  // Each packet sent with the receiver's receipt for it, once imported (issue 20).
  const sent = caps.db
    .prepare(
      `SELECT p.id, p.created_at, p.encrypted, p.sha256, p.file_name, r.outcome, r.reason, r.received_on, r.answered_at, r.imported_at
       FROM packets_sent p LEFT JOIN packet_receipts r ON r.packet_id = p.id WHERE p.handover_id = ? ORDER BY p.created_at`,
    )
    .all(row.id) as {
    id: string;
    created_at: string;
    encrypted: number;
    sha256: string;
    file_name: string;
    outcome: 'taken-over' | 'not-taken-over' | null;
    reason: string | null;
    received_on: string | null;
    answered_at: string | null;
    imported_at: string | null;
  }[];
  return {
    id: row.id,
    caseId: row.case_id,
    caseCode,
    date: row.date,
    fromOrganisation: row.from_organisation,
    toOrganisation: row.to_organisation,
    toFunction: row.to_function,
    consentOverride: row.consent_override !== null,
    sent: sent.map((s) => ({
      packetId: s.id,
      createdAt: s.created_at,
      encrypted: s.encrypted === 1,
      sha256: s.sha256,
      fileName: s.file_name,
      receipt: s.outcome && s.received_on && s.answered_at && s.imported_at ? { outcome: s.outcome, reason: s.reason, receivedOn: s.received_on, answeredAt: s.answered_at, importedAt: s.imported_at } : null,
    })),
  };
}

/** H1: read under the case's rule. */
export function getHandover(caps: ReadCaps, handoverId: string): ReturnType<typeof summary> {
  const row = handoverRow(caps, handoverId);
  const kase = requireReadableCase(caps, row.case_id);
  return summary(caps, row, kase.code);
}

export function listHandovers(caps: ReadCaps, caseId: string): ReturnType<typeof summary>[] {
  const kase = requireReadableCase(caps, caseId);
  const rows = caps.db.prepare(`${HANDOVER_SELECT} WHERE h.case_id = ? ORDER BY h.date DESC`).all(caseId) as HandoverRow[];
  return rows.map((row) => summary(caps, row, kase.code));
}

/** Exactly what leaves, built from the record (the preview shows this; the packet holds this). */
export function handoverContent(caps: ReadCaps, handoverId: string, includeMinutes: boolean): HandoverContent {
  const row = handoverRow(caps, handoverId);
  const kase = requireReadableCase(caps, row.case_id);
  const toNumber = row.to_org_number;
  const fromNumber = (caps.db.prepare('SELECT org_number FROM organisations WHERE id = ?').get(row.from_organisation_id) as { org_number: string }).org_number;
  const consent = row.consent_id
    ? (caps.db.prepare('SELECT valid_from, valid_to, paper_filed_at FROM case_consents WHERE id = ?').get(row.consent_id) as { valid_from: string; valid_to: string; paper_filed_at: string })
    : null;
  const earlierMinutes = includeMinutes
    ? (
        caps.db
          .prepare(
            `SELECT ci.id, m.date, ci.notes, ci.decisions FROM case_items ci JOIN meetings m ON m.id = ci.meeting_id
             WHERE ci.case_id = ? AND m.status = 'finalised' ORDER BY m.date, m.time`,
          )
          .all(row.case_id) as { id: string; date: string; notes: string; decisions: string }[]
      ).map((item) => ({
        meetingDate: item.date,
        notes: item.notes,
        decisions: item.decisions,
        actions: (caps.db.prepare('SELECT text FROM actions WHERE case_item_id = ? ORDER BY due_date').all(item.id) as { text: string }[]).map((a) => a.text),
        // A correction made after finalising travels with the item it corrects: never a decision known to be wrong as if it stood.
        corrections: (
          caps.db.prepare('SELECT kind, created_at, text, reason FROM meeting_addenda WHERE case_item_id = ? ORDER BY created_at').all(item.id) as {
            kind: 'addendum' | 'marked-wrong';
            created_at: string;
            text: string;
            reason: string;
          }[]
        ).map((a) => ({ kind: a.kind, date: stockholmDate(new Date(a.created_at)), text: a.text, reason: a.reason })),
      }))
    : [];
  return {
    schema: 'teamvalv-handover/1',
    caseCode: kase.code,
    ageBand: kase.age_band,
    date: row.date,
    from: { organisation: row.from_organisation, orgNumber: fromNumber, function: row.from_function },
    to: { organisation: row.to_organisation, orgNumber: toNumber, function: row.to_function },
    participants: JSON.parse(row.participants) as HandoverContent['participants'],
    reason: row.reason,
    consent: { reference: consent ? `Samtycke ${consent.valid_from}–${consent.valid_to}, förvaras: ${consent.paper_filed_at}` : null, validTo: consent?.valid_to ?? null, override: row.consent_override },
    goals: row.goals,
    insatser: JSON.parse(row.insatser) as HandoverContent['insatser'],
    newCaseOwner: row.new_case_owner,
    followUpDate: row.follow_up_date,
    earlierMinutes,
  };
}

export function isDemo(caps: ReadCaps): boolean {
  return readSetting(caps.db, DEMO).state === 'set';
}

/** Why an export cannot go now, or null. */
function exportBlock(caps: ReadCaps, row: HandoverRow): 'no-recipient-key' | 'consent-lapsed' | 'demo-vault' | null {
  if (isDemo(caps)) return 'demo-vault';
  if (!recipientKey(caps, row.to_organisation_id)) return 'no-recipient-key';
  // H2 again on the day of the export: a consent that has ended since does not carry the packet.
  if (row.consent_override === null && !(row.consent_id && validConsent(caps, row.case_id, row.to_organisation_id, caps.access.date, row.consent_id))) return 'consent-lapsed';
  return null;
}

/** What the preview showed: the export refuses to write anything else. */
export function contentHash(content: HandoverContent): string {
  return createHash('sha256').update(canonicalJson(content as unknown as Json)).digest('hex');
}

export function exportPreview(caps: ReadCaps, handoverId: string, includeMinutes: boolean) {
  const content = handoverContent(caps, handoverId, includeMinutes);
  const row = handoverRow(caps, handoverId);
  const key = recipientKey(caps, row.to_organisation_id);
  return {
    content,
    contentSha256: contentHash(content),
    // The string the admin compared on the phone: a bare age recipient's own characters, never a number it was not read as.
    recipient: key ? { organisation: key.organisation, fingerprint: key.fingerprint, function: row.to_function, compared: key.signing_public_pem ? key.fingerprint : key.age_recipient } : null,
    blocked: exportBlock(caps, row),
  };
}

/**
 * One packet for the handover: signed with our current key, encrypted to the receiver's confirmed
 * key unless the user chose plaintext. Returns the bytes and what to record; the caller writes the
 * file (atomically, into the folder the user picked) and then records it with `recordSent`.
 */
export async function buildHandoverPacket(caps: ReadCaps, input: { handoverId: string; includeMinutes: boolean; encrypt: boolean; contentSha256?: string }) {
  const row = handoverRow(caps, input.handoverId);
  const content = handoverContent(caps, input.handoverId, input.includeMinutes);
  if (input.contentSha256 !== undefined && input.contentSha256 !== contentHash(content)) throw new AppError('conflict', 'The content changed since the preview: review it again', { reason: 'changed_since_preview' });
  const block = exportBlock(caps, row);
  if (block === 'demo-vault') throw new AppError('forbidden', 'A demo vault never exports packets', { reason: 'demo_vault' });
  if (block === 'no-recipient-key') throw new AppError('conflict', 'The receiving organisation has no confirmed key in the trust store', { reason: 'no_confirmed_key' });
  if (block === 'consent-lapsed') throw new AppError('conflict', 'The consent no longer lets the receiving organisation receive', { reason: 'consent_not_covering' });
  const recipient = recipientKey(caps, row.to_organisation_id);
  if (!recipient) throw new AppError('conflict', 'The receiving organisation has no confirmed key in the trust store', { reason: 'no_confirmed_key' });
  const key = currentOrgKey(caps);
  const own = ownOrganisation(caps);
  const manifest: PacketManifest = {
    format: PACKET_FORMAT,
    packetId: randomUUID(),
    conversationId: row.conversation_id,
    inReplyTo: null,
    sender: { organisation: own.name, orgNumber: own.orgNumber, function: row.from_function, homeOrganisation: row.from_organisation },
    recipient: { organisation: recipient.organisation, orgNumber: row.to_org_number, function: row.to_function, keyFingerprint: recipient.fingerprint },
    confidential: true,
    createdAt: caps.clock.now().toISOString(),
    signer: { organisation: own.name, fingerprint: key.fingerprint },
    auditHead: auditHead(caps.db),
    files: { content: 'handover.json', pdf: 'handover.pdf' },
  };
  const pdf = await handoverPdf(content, manifest, caps.clock.now());
  const bytes = await buildPacket({ manifest, content, pdf, signingPrivatePem: key.signing_private_pem, encryptTo: input.encrypt ? recipient.age_recipient : null });
  const fileName = `overlamning-${content.caseCode}-${content.date}-${manifest.packetId.slice(0, 8)}.zip${input.encrypt ? '.age' : ''}`;
  return { bytes, fileName, manifest, caseCode: content.caseCode, recipientKeyId: recipient.id, signerKeyId: key.id };
}

export function recordSent(
  caps: WriteCaps,
  sent: { handoverId: string; packetId: string; recipientKeyId: string; signerKeyId: string; encrypted: boolean; fileName: string; sha256: string; caseCode: string; includeMinutes: boolean },
): void {
  const actor = caps.access.actor;
  caps.db.transaction(() => {
    caps.db
      .prepare('INSERT INTO packets_sent (id, handover_id, recipient_key_id, signer_key_id, encrypted, file_name, sha256, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(sent.packetId, sent.handoverId, sent.recipientKeyId, sent.signerKeyId, sent.encrypted ? 1 : 0, sent.fileName, sent.sha256, caps.clock.now().toISOString(), actor.accountId);
    caps.audit.record(sent.encrypted ? 'handover.packet-exported' : 'handover.packet-exported-plaintext', {
      handoverId: sent.handoverId,
      packetId: sent.packetId,
      sha256: sent.sha256,
      encrypted: sent.encrypted,
      earlierMinutes: sent.includeMinutes,
    }, sent.caseCode);
  })();
}

// Receiving.

interface ReceivedRow {
  id: string;
  team_id: string;
  signer_key_id: string;
  signer: string;
  signer_fingerprint: string;
  signer_revoked_at: string | null;
  manifest: string;
  content: string;
  encrypted: number;
  warnings: string;
  received_at: string;
  case_id: string | null;
  case_code: string | null;
  answer_outcome: 'taken-over' | 'not-taken-over' | null;
  answer_reason: string | null;
  answer_at: string | null;
}

const RECEIVED_SELECT = `SELECT r.id, r.team_id, r.signer_key_id, o.name AS signer, t.fingerprint AS signer_fingerprint, t.revoked_at AS signer_revoked_at,
  r.manifest, r.content, r.encrypted, r.warnings, r.received_at, r.case_id, c.code AS case_code, s.outcome AS answer_outcome, s.reason AS answer_reason, s.created_at AS answer_at
  FROM packets_received r JOIN trusted_keys t ON t.id = r.signer_key_id JOIN organisations o ON o.id = t.organisation_id LEFT JOIN cases c ON c.id = r.case_id
  LEFT JOIN receipts_sent s ON s.packet_id = r.id`;

function receivedView(row: ReceivedRow) {
  const manifest = JSON.parse(row.manifest) as PacketManifest;
  const content = JSON.parse(row.content) as HandoverContent;
  return {
    packetId: row.id,
    caseCode: content.caseCode,
    signer: row.signer,
    signerFingerprint: row.signer_fingerprint,
    createdAt: manifest.createdAt,
    receivedAt: row.received_at,
    encrypted: row.encrypted === 1,
    warnings: JSON.parse(row.warnings) as string[],
    signerRevoked: row.signer_revoked_at !== null,
    linkedCaseId: row.case_id,
    linkedCaseCode: row.case_code,
    // Our receipt for it, once written (issue 20).
    answer: row.answer_outcome && row.answer_at ? { outcome: row.answer_outcome, reason: row.answer_reason, answeredAt: row.answer_at } : null,
    manifest,
    content,
  };
}

/** The reader's home organisation's organisationsnummer (the account's, linked to the roster member). */
function readerOrgNumber(caps: ReadCaps): string | null {
  const organisationId = caps.access.organisationId;
  if (!organisationId) return null;
  return (caps.db.prepare('SELECT org_number FROM organisations WHERE id = ?').get(organisationId) as { org_number: string } | undefined)?.org_number ?? null;
}

/**
 * H4: a received packet is read by members of the team it was received for whose home
 * organisation is the one it was addressed to (the organisation the sender's consent covered);
 * once linked to a case, that case's rule must hold too. Linking never widens who reads it.
 */
function requireReadableReceived(caps: ReadCaps, row: ReceivedRow): void {
  if (!mayReadTeamRecords(caps.access, row.team_id)) throw new AppError('forbidden', "Only the receiving team's members read it", { reason: 'not_team_member' });
  const manifest = JSON.parse(row.manifest) as PacketManifest;
  if (readerOrgNumber(caps) !== manifest.recipient.orgNumber) throw new AppError('forbidden', 'The packet was sent to another home organisation than yours', { reason: 'packet_other_organisation' });
  if (row.case_id) requireReadableCase(caps, row.case_id);
}

/**
 * Opens, checks and stores a received packet for one of the reader's teams. Any failure names its
 * reason (a typed error with the check's code) and writes nothing — not even an audit row.
 */
export async function importPacket(caps: WriteCaps, input: { teamId: string; bytes: Buffer }): Promise<ReturnType<typeof receivedView>> {
  const actor = caps.access.actor;
  // Received for a current (not archived) team the importer sits in.
  if (!caps.access.activeRoles.has(input.teamId)) throw new AppError('forbidden', 'Packets are received for a current team you sit in', { reason: 'not_team_member' });
  const own = ownIdentities(caps);
  let opened;
  try {
    opened = await openPacket(input.bytes, { identities: own.identities, trusted: trustedSigners(caps), ownFingerprints: own.fingerprints });
  } catch (error) {
    // The check's code is the message: the page words it for people (handover.refused.<code>).
    if (error instanceof PacketRefused) throw new AppError('packet_refused', error.code);
    throw error;
  }
  // A packet whose record was purged by retention is still known by its id: it cannot come back.
  if (caps.db.prepare('SELECT 1 FROM packets_received WHERE id = ? UNION ALL SELECT 1 FROM purged_packet_ids WHERE packet_id = ?').get(opened.manifest.packetId, opened.manifest.packetId)) {
    throw new AppError('packet_refused', 'replayed');
  }
  // Only staff of the organisation it was addressed to take it in (H4): they are who may read it.
  if (readerOrgNumber(caps) !== opened.manifest.recipient.orgNumber) throw new AppError('forbidden', 'The packet is for another home organisation: someone from it receives it', { reason: 'packet_other_organisation' });
  caps.db.transaction(() => {
    caps.db
      .prepare(
        'INSERT INTO packets_received (id, team_id, signer_key_id, conversation_id, manifest, content, pdf, packet, sha256, encrypted, warnings, received_at, received_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        opened.manifest.packetId,
        input.teamId,
        opened.signer.id,
        opened.manifest.conversationId,
        JSON.stringify(opened.manifest),
        JSON.stringify(opened.content),
        opened.pdf,
        opened.zip,
        opened.sha256,
        opened.encrypted ? 1 : 0,
        JSON.stringify(opened.warnings),
        caps.clock.now().toISOString(),
        actor.accountId,
      );
    caps.audit.record('handover.packet-received', { packetId: opened.manifest.packetId, signerKeyId: opened.signer.id, sha256: opened.sha256, encrypted: opened.encrypted, teamId: input.teamId });
  })();
  return getReceived(caps, opened.manifest.packetId);
}

export function getReceived(caps: ReadCaps, packetId: string): ReturnType<typeof receivedView> {
  const row = caps.db.prepare(`${RECEIVED_SELECT} WHERE r.id = ?`).get(packetId) as ReceivedRow | undefined;
  if (!row) throw new AppError('not_found', 'No such packet');
  requireReadableReceived(caps, row);
  return receivedView(row);
}

export function listReceived(caps: ReadCaps, teamId: string): Omit<ReturnType<typeof receivedView>, 'manifest' | 'content'>[] {
  if (!mayReadTeamRecords(caps.access, teamId)) throw new AppError('forbidden', "Only the team's members see what it received", { reason: 'not_team_member' });
  const rows = caps.db.prepare(`${RECEIVED_SELECT} WHERE r.team_id = ? ORDER BY r.received_at DESC`).all(teamId) as ReceivedRow[];
  return rows
    .filter((row) => {
      try {
        requireReadableReceived(caps, row);
        return true;
      } catch {
        return false;
      }
    })
    .map((row) => {
      const { manifest: _m, content: _c, ...rest } = receivedView(row);
      return rest;
    });
}

/** Links a received packet to a local case of the same team (or unlinks it); the packet itself never changes. */
export function linkReceived(caps: WriteCaps, input: { packetId: string; caseId: string | null }): ReturnType<typeof receivedView> {
  const row = caps.db.prepare(`${RECEIVED_SELECT} WHERE r.id = ?`).get(input.packetId) as ReceivedRow | undefined;
  if (!row) throw new AppError('not_found', 'No such packet');
  requireReadableReceived(caps, row);
  if (!mayManageTeam(caps.access, row.team_id)) throw new AppError('forbidden', "The team's chair links received packets to cases", { reason: 'not_team_chair' });
  if (input.caseId) {
    const kase = requireReadableCase(caps, input.caseId);
    if (kase.team_id !== row.team_id) throw new AppError('invalid_input', 'Link to a case of the team that received the packet', { reason: 'case_other_team', field: 'caseId' });
  }
  caps.db.transaction(() => {
    caps.db.prepare('UPDATE packets_received SET case_id = ? WHERE id = ?').run(input.caseId, input.packetId);
    caps.audit.record('handover.packet-linked', { packetId: input.packetId, caseId: input.caseId });
  })();
  return getReceived(caps, input.packetId);
}

export function receivedPdf(caps: ReadCaps, packetId: string): Buffer {
  getReceived(caps, packetId);
  return (caps.db.prepare('SELECT pdf FROM packets_received WHERE id = ?').get(packetId) as { pdf: Buffer }).pdf;
}
