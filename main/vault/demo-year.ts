import { createHash, randomUUID } from 'node:crypto';
import { PACKET_FORMAT, type PacketManifest, type ReceiptContent } from '../../shared/handover/packet-model';
import { stockholmDate } from '../../shared/time/zone';
import { readCaps, writeCaps } from '../capabilities/caps';
import { addConsent, createCase, withdrawConsent } from '../cases/repository';
import { handoverPdf, receiptPdf } from '../handover/handover-pdf';
import { type OrgKeyPair, fingerprint, generateOrgKeyPair, renderKeyFile } from '../handover/keys';
import { confirmTrustedKey, currentOrgKey, ensureOrgKeys, importTrustedKey, ownOrganisation } from '../handover/keys-repo';
import { buildPacket, buildReceiptPacket } from '../handover/packet';
import { importReceipt } from '../handover/receipts';
import { createHandover, exportPreview, recordSent } from '../handover/repository';
import { addAgendaItem, commitItem, confirmJustering, listMeetings } from '../meetings/repository';
import { setTeamOwnership } from '../retention/ownership';
import { auditHead } from './audit/audit-log';
import { addDays } from './demo-dates';
import type { UnlockedVault } from './vault';

/**
 * The demo vault's data for the team's real year (issue 20), invented throughout: minutes with an
 * övrig punkt holding notes and a decision, justerade by the chair and a justerare (and minutes
 * still waiting for theirs); a handover whose packet the receiving organisation answered with a
 * receipt; a consent that was withdrawn (the one that ends within 30 days is in demo-meetings.ts);
 * and the records' owners entered for one team, the other's rules still a proposal ("Förslag").
 *
 * The demo vault never exports a packet or a receipt (the channels refuse), so the handover's
 * packet is built here in memory only, never written to a file, and the receiving organisation's
 * answer is made with an invented partner key whose private half is dropped once the receipt is
 * signed: the receipt is then imported by the ordinary path, checks and audit row included.
 */

/** The invented receiving organisation's key pair, between the admin's trust and the chair's handover. */
export interface DemoPartner {
  readonly organisationId: string;
  readonly keyId: string;
  readonly pair: OrgKeyPair;
}

const idOf = (vault: UnlockedVault, sql: string, ...params: string[]): string => (vault.db.prepare(sql).get(...params) as { id: string }).id;

/** As the admin: the ownership of Team aktivitetsersättning's records entered; Team försörjningsstöd's left empty ("Förslag"). */
export function seedDemoOwnership(admin: UnlockedVault): void {
  setTeamOwnership(writeCaps(admin), {
    teamId: idOf(admin, "SELECT id FROM teams WHERE name = 'Team aktivitetsersättning'"),
    controller: 'Samordningsförbundet Demoland (påhittat)',
    archiveCreator: 'Samordningsförbundet Demoland (påhittat)',
    decisionReference: 'Dnr SF 2026/7, 2026-02-01 (påhittat)',
  });
}

/**
 * As the admin: our organisation's own keys, and the Arbetsförmedlingen office's invented key
 * imported and confirmed in the trust store (as after a key exchange by phone).
 */
export async function seedDemoPartner(admin: UnlockedVault): Promise<DemoPartner> {
  await ensureOrgKeys(writeCaps(admin));
  const af = admin.db.prepare("SELECT id, name, org_number FROM organisations WHERE short_name = 'AF'").get() as { id: string; name: string; org_number: string };
  const pair = await generateOrgKeyPair();
  const trusted = importTrustedKey(writeCaps(admin), { organisationId: af.id, keyFile: renderKeyFile({ organisation: af.name, orgNumber: af.org_number, signingPem: pair.signingPem, ageRecipient: pair.ageRecipient }) });
  confirmTrustedKey(writeCaps(admin), { keyId: trusted.id, heard: trusted.fingerprint.split(' ').slice(-2).join(' ') });
  return { organisationId: af.id, keyId: trusted.id, pair };
}

/**
 * As the chair, before the meeting is finalised: an övrig punkt about the team's own routine, with
 * notes, a decision and an action for the team (the chair's, due on the team's next meeting day a
 * week later, so that meeting follows it up).
 */
export function addDemoOtherPoint(chair: UnlockedVault, meetingId: string): void {
  const date = (chair.db.prepare('SELECT date FROM meetings WHERE id = ?').get(meetingId) as { date: string }).date;
  const chairMember = idOf(chair, 'SELECT id FROM members WHERE account_id = ?', chair.account?.id ?? '');
  const point = addAgendaItem(writeCaps(chair), { meetingId, title: 'Rutin för samtycken (påhittad)' }).item;
  commitItem(writeCaps(chair), {
    agendaItemId: point?.id ?? '',
    body: {
      notes: 'Teamet gick igenom hur samtyckesblanketterna skrivs ut, skrivs under och registreras när de kommer tillbaka. (Påhittad anteckning.)',
      decisions: 'Ordföranden går igenom samtyckena som går ut inom 30 dagar inför varje möte. (Påhittat beslut.)',
      nextFollowUp: null,
      actions: [{ text: 'Skriva ut nya samtyckesblanketter till alla organisationer (påhittad åtgärd)', responsibleMemberId: chairMember, dueDate: addDays(date, 7) }],
    },
  });
}

/** The chair's finalising with the demo psychologist as justerare (present at every demo meeting, with an account). */
export function demoJustering(chair: UnlockedVault): { futureDateAcknowledged: boolean; justerareMemberId: string } {
  return { futureDateAcknowledged: false, justerareMemberId: idOf(chair, "SELECT m.id FROM members m JOIN accounts a ON a.id = m.account_id WHERE a.username = 'psykolog'") };
}

/** As the demo psychologist: Team försörjningsstöd's finalised minutes justerade; Team aktivitetsersättning's keep waiting. */
export function confirmDemoJustering(psychologist: UnlockedVault): void {
  const team = idOf(psychologist, "SELECT id FROM teams WHERE name = 'Team försörjningsstöd'");
  for (const meeting of listMeetings(readCaps(psychologist), team).filter((m) => m.status === 'finalised')) {
    const sha = (psychologist.db.prepare('SELECT minutes_sha256 FROM meetings WHERE id = ?').get(meeting.id) as { minutes_sha256: string }).minutes_sha256;
    confirmJustering(writeCaps(psychologist), { meetingId: meeting.id, minutesSha256: sha });
  }
}

/** As the chair: the rest of the year's demo data (a withdrawn consent; a handover answered with a receipt). */
export async function seedDemoYear(chair: UnlockedVault, partner: DemoPartner): Promise<void> {
  seedWithdrawnConsent(chair);
  await seedHandoverWithReceipt(chair, partner);
}

/** Team aktivitetsersättning: a consent case whose consent for Försäkringskassan the young person withdrew. */
function seedWithdrawnConsent(chair: UnlockedVault): void {
  const team = idOf(chair, "SELECT id FROM teams WHERE name = 'Team aktivitetsersättning'");
  const own = idOf(chair, 'SELECT id FROM organisations WHERE is_own = 1');
  const fk = idOf(chair, "SELECT id FROM organisations WHERE short_name = 'FK'");
  const today = stockholmDate(chair.now());
  const kase = createCase(writeCaps(chair), { teamId: team, ageBand: '20-24', consentMode: 'consent', raisedByOrganisationId: own, ownerMemberId: null });
  const withConsent = addConsent(writeCaps(chair), {
    caseId: kase.id,
    organisationId: fk,
    direction: 'both',
    categories: ['economy-social', 'health'],
    purpose: 'Samordnad planering kring aktivitetsersättningen (påhittat)',
    validFrom: today,
    validTo: stockholmDate(new Date(chair.now().getTime() + 180 * 24 * 3600 * 1000)),
    guardianConsent: false,
    paperFiledAt: 'Försäkringskassans akt (påhittat)',
  });
  withdrawConsent(writeCaps(chair), { consentId: withConsent.consents[0]?.id ?? '', date: today });
}

/**
 * Team försörjningsstöd's consent case handed over to Arbetsförmedlingen today: the packet built
 * (in memory only) and recorded as sent, and Arbetsförmedlingen's receipt "mottaget och övertaget"
 * imported under it.
 */
async function seedHandoverWithReceipt(chair: UnlockedVault, partner: DemoPartner): Promise<void> {
  const consent = chair.db
    .prepare("SELECT cc.id, cc.case_id FROM case_consents cc JOIN cases c ON c.id = cc.case_id JOIN teams t ON t.id = c.team_id WHERE t.name = 'Team försörjningsstöd' AND cc.organisation_id = ? AND cc.direction = 'both'")
    .get(partner.organisationId) as { id: string; case_id: string };
  const own = idOf(chair, 'SELECT id FROM organisations WHERE is_own = 1');
  const chairMember = idOf(chair, 'SELECT id FROM members WHERE account_id = ?', chair.account?.id ?? '');
  const today = stockholmDate(chair.now());
  const handover = createHandover(writeCaps(chair), {
    caseId: consent.case_id,
    date: today,
    fromOrganisationId: own,
    fromFunction: 'Samverkansteamet, processledare (påhittat)',
    toOrganisationId: partner.organisationId,
    toFunction: 'Arbetsförmedlingen, ungdomsenheten Demostad (påhittat)',
    participantMemberIds: [chairMember],
    guests: [],
    reason: 'Insatsen mot arbete fortsätter hos Arbetsförmedlingen. (Påhittat.)',
    consentId: consent.id,
    consentOverride: null,
    goals: 'Arbete eller studier inom ett år. (Påhittat.)',
    insatser: [{ text: 'Arbetsträning på ett lager (påhittat)', responsible: 'Arbetsförmedlingen' }],
    newCaseOwner: 'Arbetsförmedlingen, ungdomsenheten Demostad (påhittat)',
    followUpDate: null,
  });
  const caps = readCaps(chair);
  const { content } = exportPreview(caps, handover.id, false);
  const key = currentOrgKey(caps);
  const ours = ownOrganisation(caps);
  const now = chair.now();
  const manifest: PacketManifest = {
    format: PACKET_FORMAT,
    packetId: randomUUID(),
    conversationId: (chair.db.prepare('SELECT conversation_id FROM handovers WHERE id = ?').get(handover.id) as { conversation_id: string }).conversation_id,
    inReplyTo: null,
    sender: { organisation: ours.name, orgNumber: ours.orgNumber, function: content.from.function, homeOrganisation: content.from.organisation },
    recipient: { organisation: content.to.organisation, orgNumber: content.to.orgNumber, function: content.to.function, keyFingerprint: fingerprint(partner.pair) },
    confidential: true,
    createdAt: now.toISOString(),
    signer: { organisation: ours.name, fingerprint: key.fingerprint },
    auditHead: auditHead(chair.db),
    files: { content: 'handover.json', pdf: 'handover.pdf' },
  };
  const packet = await buildPacket({ manifest, content, pdf: await handoverPdf(content, manifest, now), signingPrivatePem: key.signing_private_pem, encryptTo: partner.pair.ageRecipient });
  const sha256 = createHash('sha256').update(packet).digest('hex');
  recordSent(writeCaps(chair), {
    handoverId: handover.id,
    packetId: manifest.packetId,
    recipientKeyId: partner.keyId,
    signerKeyId: key.id,
    encrypted: true,
    fileName: `overlamning-${content.caseCode}-${content.date}-${manifest.packetId.slice(0, 8)}.zip.age`,
    sha256,
    caseCode: content.caseCode,
    includeMinutes: false,
  });
  // Arbetsförmedlingen's answer, signed with its (invented) key and encrypted to ours.
  const receipt: ReceiptContent = {
    schema: 'teamvalv-receipt/1',
    answers: { packetId: manifest.packetId, sha256, caseCode: content.caseCode },
    outcome: 'taken-over',
    reason: null,
    receivedOn: today,
    answeredAt: now.toISOString(),
    from: content.to,
    to: content.from,
  };
  const receiptManifest: PacketManifest = {
    format: PACKET_FORMAT,
    packetId: randomUUID(),
    conversationId: manifest.conversationId,
    inReplyTo: manifest.packetId,
    sender: { organisation: content.to.organisation, orgNumber: content.to.orgNumber, function: content.to.function, homeOrganisation: content.to.organisation },
    recipient: { organisation: ours.name, orgNumber: ours.orgNumber, function: content.from.function, keyFingerprint: key.fingerprint },
    confidential: true,
    createdAt: now.toISOString(),
    signer: { organisation: content.to.organisation, fingerprint: fingerprint(partner.pair) },
    auditHead: { seq: 0, hash: '0'.repeat(64) },
    kind: 'receipt',
    files: { content: 'receipt.json', pdf: 'receipt.pdf' },
  };
  const bytes = await buildReceiptPacket({ manifest: receiptManifest, content: receipt, pdf: await receiptPdf(receipt, receiptManifest, now), signingPrivatePem: partner.pair.signingPrivatePem, encryptTo: key.age_recipient });
  await importReceipt(writeCaps(chair), { bytes });
}
