// Handovers between two real encrypted vaults: organisation A (a samordningsteam) hands a case over
// to organisation B (Arbetsförmedlingen, with its own Teamvalv). Each imports and confirms the
// other's key file; A exports a packet into a folder, B imports it and sees A's verified name.
// Every refusal (replay, revoked signer, wrong recipient, unconfirmed key, damage) writes nothing.
// B answers with a receipt; A imports it and its handover shows the answer (issue 20).
import { spawnSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addConsent, createCase, withdrawConsent } from '../cases/repository';
import { teamWorld } from '../cases/test-support/team-world';
import { addAddendum, addAgendaItem, commitItem, createMeeting, finaliseMeeting } from '../meetings/repository';
import { linkAccount, saveMember, saveOrganisation, saveTeam, setMembership } from '../roster/repository';
import { type ManualClock } from '../runtime/clock';
import { MemoryLogger } from '../runtime/log';
import { useTempDirs } from '../test-support/temp-dir';
import { FLOOR_KDF } from '../vault/test-support/fast-kdf';
import { type UnlockedVault, createVault, unlockVault } from '../vault/vault';
import { writeExportFile } from '../exports/export-files';
import { generateOrgKeyPair, renderKeyFile } from './keys';
import { confirmTrustedKey, endTrustedKey, ensureOrgKeys, importTrustedKey, ownKeyFile, replaceOwnKey } from './keys-repo';
import { buildPacket } from './packet';
import { sampleContent, sampleManifest } from './test-support/sample';
import { buildHandoverPacket, createHandover, exportPreview, getHandover, getReceived, importPacket, linkReceived, listReceived, recordSent } from './repository';
import { buildReceipt, importReceipt, recordReceiptSent } from './receipts';
import { registerExtract } from '../followup/register-extract';
import { earlyGallring, gallringPreview } from '../retention/early-gallring';
import { gallringBackups } from '../vault/gallring-backups';
import { readCaps, writeCaps } from '../capabilities/caps';

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((vault) => vault.close()));
});
const tempDir = useTempDirs();

/** B: Arbetsförmedlingen's own vault, with A's organisation in its roster and a receiving team. */
async function organisationB(clock: ManualClock) {
  const dataDir = await tempDir();
  const deps = { clock, logger: new MemoryLogger(), kdf: FLOOR_KDF };
  await createVault(dataDir, { orgName: 'Arbetsförmedlingen', orgNumber: '202100-2114', admin: { username: 'bea', displayName: 'Bea Admin', password: 'ekorre sjösten gruvlampa kanelbulle' } }, deps);
  const vault = await unlockVault(dataDir, 'bea', 'ekorre sjösten gruvlampa kanelbulle', deps);
  await ensureOrgKeys(writeCaps(vault));
  const a = saveOrganisation(writeCaps(vault), { name: 'Samordningsteamet Väst', shortName: 'SVT', orgNumber: '212000-2627', kind: 'other' });
  const team = saveTeam(writeCaps(vault), { name: 'Ungdomsenheten Väst', description: '', meetingWeekday: 3, meetingTime: '10:00', meetingRoom: '' });
  const own = (vault.db.prepare('SELECT id FROM organisations WHERE is_own = 1').get() as { id: string }).id;
  const member = saveMember(writeCaps(vault), { displayName: 'Bea Admin', profession: 'arbetsformedlare', professionOther: '', organisationId: own, phone: '', email: '', activeFrom: '2026-01-01' });
  linkAccount(writeCaps(vault), { memberId: member.id, accountId: vault.account?.id ?? null });
  vault.reloadAccount();
  setMembership(writeCaps(vault), { memberId: member.id, teamId: team.id, role: 'chair', from: '2026-01-01' });
  opened.push({ close: async () => vault.close() });
  return { vault, aOrganisationId: a.id, teamId: team.id, deps, dataDir };
}

/** Another account in B, with a roster place (or none) in B's receiving team. */
async function bAccount(b: Awaited<ReturnType<typeof organisationB>>, username: string, organisationId: string | null, role: 'member' | null): Promise<UnlockedVault> {
  const own = (b.vault.db.prepare('SELECT id FROM organisations WHERE is_own = 1').get() as { id: string }).id;
  const id = randomUUID();
  b.vault.db.prepare('INSERT INTO accounts (id, username, display_name, organisation_id, created_at) VALUES (?, ?, ?, ?, ?)').run(id, username, username, organisationId ?? own, b.vault.now().toISOString());
  const vault = b.vault.as({ id, username, displayName: username, organisationId: organisationId ?? own, roles: [], mustChangePassword: false });
  if (role) {
    const member = saveMember(writeCaps(b.vault), { displayName: username, profession: 'other', professionOther: 'x', organisationId: organisationId ?? own, phone: '', email: '', activeFrom: '2026-01-01' });
    linkAccount(writeCaps(b.vault), { memberId: member.id, accountId: id });
    vault.reloadAccount();
    setMembership(writeCaps(b.vault), { memberId: member.id, teamId: b.teamId, role, from: '2026-01-01' });
  }
  return vault;
}

async function exchange() {
  const world = await teamWorld(opened);
  const { admin, chair, team, af, ownOrganisationId, clock } = world;
  await ensureOrgKeys(writeCaps(admin));
  const b = await organisationB(clock);
  // Key exchange: each imports the other's file and confirms the fingerprint read on the phone.
  const aKey = ownKeyFile(readCaps(admin));
  const bKey = ownKeyFile(readCaps(b.vault));
  const trustedB = importTrustedKey(writeCaps(admin), { organisationId: af.id, keyFile: bKey.text });
  confirmTrustedKey(writeCaps(admin), { keyId: trustedB.id, heard: heard(bKey.fingerprint) });
  const trustedA = importTrustedKey(writeCaps(b.vault), { organisationId: b.aOrganisationId, keyFile: aKey.text });
  // The case: consent lets AF receive; a finalised meeting discussed it.
  const kase = createCase(writeCaps(chair.vault), { teamId: team.id, ageBand: '20-24', consentMode: 'consent', raisedByOrganisationId: ownOrganisationId, ownerMemberId: chair.member.id });
  const consent = addConsent(writeCaps(chair.vault), { caseId: kase.id, organisationId: af.id, direction: 'both', categories: ['labour-market'], purpose: 'Överlämning till Arbetsförmedlingen', validFrom: '2026-11-01', validTo: '2027-05-01', guardianConsent: false, paperFiledAt: 'Socialtjänstens akt' }).consents[0];
  const meeting = createMeeting(writeCaps(chair.vault), { teamId: team.id, date: '2026-11-17', time: '09:00', chairMemberId: chair.member.id, noteTakerMemberId: null });
  const item = addAgendaItem(writeCaps(chair.vault), { meetingId: meeting.id, caseId: kase.id }).item;
  commitItem(writeCaps(chair.vault), { agendaItemId: item?.id ?? '', body: { notes: 'Redo för arbetsträning.', decisions: 'Överlämning till AF.', nextFollowUp: null, actions: [] } });
  finaliseMeeting(writeCaps(chair.vault), meeting.id);
  const handover = createHandover(writeCaps(chair.vault), {
    caseId: kase.id,
    date: '2026-11-24',
    fromOrganisationId: ownOrganisationId,
    fromFunction: 'Ungdomsteamet, socialtjänsten',
    toOrganisationId: af.id,
    toFunction: 'Arbetsförmedlingen, ungdomsenheten Väst',
    participantMemberIds: [chair.member.id],
    guests: [{ name: 'Bea Admin', organisationId: af.id }],
    reason: 'Insatsen fortsätter hos Arbetsförmedlingen.',
    consentId: consent?.id ?? null,
    consentOverride: null,
    goals: 'Arbete inom lager.',
    insatser: [{ text: 'Arbetsträning', responsible: 'Arbetsförmedlingen' }],
    newCaseOwner: 'Arbetsförmedlingen, ungdomsenheten Väst',
    followUpDate: '2027-01-15',
  });
  return { ...world, b, aKey, trustedA, kase, consent, handover };
}

async function exportTo(vault: UnlockedVault, handoverId: string, encrypt = true): Promise<Buffer> {
  const packet = await buildHandoverPacket(readCaps(vault), { handoverId, includeMinutes: true, encrypt });
  const file = await writeExportFile(await tempDir(), packet.fileName, packet.bytes);
  recordSent(writeCaps(vault), { handoverId, packetId: packet.manifest.packetId, recipientKeyId: packet.recipientKeyId, signerKeyId: packet.signerKeyId, encrypted: encrypt, fileName: path.basename(file.file), sha256: file.sha256, caseCode: packet.caseCode, includeMinutes: true });
  return fs.readFile(file.file);
}

/** Every table of B's vault, hashed: a refusal must leave it exactly as it was. */
function snapshot(vault: UnlockedVault): string {
  const tables = vault.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
  const hash = createHash('sha256');
  for (const { name } of tables) hash.update(name).update(JSON.stringify(vault.db.prepare(`SELECT * FROM "${name}"`).all().map((row) => JSON.stringify(row)).sort()));
  return hash.digest('hex');
}

/** The last two digit groups, as read aloud on the phone and typed by the admin. */
const heard = (fingerprint: string): string => fingerprint.split(' ').slice(-2).join(' ');

const refusal = async (promise: Promise<unknown>): Promise<string> =>
  promise.then(
    () => 'accepted',
    (error: { code?: string; message?: string }) => `${error.code}:${error.message}`,
  );

describe('handover packets between two vaults', () => {
  it('A exports (encrypted by default), B imports once and sees the content with A’s verified name; a replay is refused', async () => {
    const { chair, b, trustedA, aKey, handover, kase } = await exchange();
    const preview = exportPreview(readCaps(chair.vault), handover.id, true);
    expect(preview.blocked).toBeNull();
    expect(preview.content.earlierMinutes).toEqual([{ meetingDate: '2026-11-17', notes: 'Redo för arbetsträning.', decisions: 'Överlämning till AF.', actions: [], corrections: [] }]);
    const packet = await exportTo(chair.vault, handover.id);
    expect(packet.subarray(0, 21).toString()).toBe('age-encryption.org/v1');

    // Not before B has confirmed A's fingerprint.
    const before = snapshot(b.vault);
    expect(await refusal(importPacket(writeCaps(b.vault), { teamId: b.teamId, bytes: packet }))).toBe('packet_refused:bad-signature');
    expect(snapshot(b.vault)).toBe(before);
    confirmTrustedKey(writeCaps(b.vault), { keyId: trustedA.id, heard: heard(aKey.fingerprint) });

    const received = await importPacket(writeCaps(b.vault), { teamId: b.teamId, bytes: packet });
    expect(received).toMatchObject({ signer: 'Samordningsteamet Väst', signerFingerprint: aKey.fingerprint, caseCode: kase.code, encrypted: true, warnings: [], signerRevoked: false });
    expect(received.content).toEqual(preview.content);
    expect(listReceived(readCaps(b.vault), b.teamId)).toHaveLength(1);

    const afterImport = snapshot(b.vault);
    expect(await refusal(importPacket(writeCaps(b.vault), { teamId: b.teamId, bytes: packet }))).toBe('packet_refused:replayed');
    expect(snapshot(b.vault)).toBe(afterImport);
  });

  it('the export preview names the key by what the admin compared on the phone: the fingerprint, or a bare recipient’s own characters', async () => {
    const { admin, chair, af, handover } = await exchange();
    const teamvalvKey = exportPreview(readCaps(chair.vault), handover.id, false).recipient;
    expect(teamvalvKey?.compared).toBe(teamvalvKey?.fingerprint);
    // AF moves to a bare age recipient: the old key retired, the new one confirmed by its last ten characters.
    const old = (admin.db.prepare('SELECT id FROM trusted_keys WHERE organisation_id = ?').get(af.id) as { id: string }).id;
    endTrustedKey(writeCaps(admin), old, 'retire');
    const bare = await generateOrgKeyPair();
    const recipientOnly = importTrustedKey(writeCaps(admin), { organisationId: af.id, keyFile: `# public key: ${bare.ageRecipient}\n` });
    confirmTrustedKey(writeCaps(admin), { keyId: recipientOnly.id, heard: bare.ageRecipient.slice(-10) });
    const bareKey = exportPreview(readCaps(chair.vault), handover.id, false).recipient;
    expect(bareKey?.compared).toBe(bare.ageRecipient);
    expect(bareKey?.fingerprint).toMatch(/^\d{5}( \d{5}){7}$/);
  });

  it('a revoked signer is refused and what was imported under it is flagged; a damaged packet or one for someone else writes nothing', async () => {
    const { chair, b, trustedA, aKey, handover, team } = await exchange();
    confirmTrustedKey(writeCaps(b.vault), { keyId: trustedA.id, heard: heard(aKey.fingerprint) });
    const first = await importPacket(writeCaps(b.vault), { teamId: b.teamId, bytes: await exportTo(chair.vault, handover.id) });
    const second = await exportTo(chair.vault, handover.id);
    endTrustedKey(writeCaps(b.vault), trustedA.id, 'revoke');
    const before = snapshot(b.vault);
    expect(await refusal(importPacket(writeCaps(b.vault), { teamId: b.teamId, bytes: second }))).toBe('packet_refused:signer-revoked');
    expect(getReceived(readCaps(b.vault), first.packetId).signerRevoked).toBe(true);
    // Damage: one byte in the middle of the encrypted packet.
    const damaged = Buffer.from(second);
    const middle = Math.floor(damaged.length / 2);
    damaged[middle] = (damaged[middle] ?? 0) ^ 0x01;
    expect(await refusal(importPacket(writeCaps(b.vault), { teamId: b.teamId, bytes: damaged }))).toBe('packet_refused:not-for-us');
    expect(snapshot(b.vault)).toBe(before);
    // A's own packet brought back to A: A's trust store holds no key of its own, so nothing verifies it.
    expect(await refusal(importPacket(writeCaps(chair.vault), { teamId: team.id, bytes: await exportTo(chair.vault, handover.id, false) }))).toBe('packet_refused:bad-signature');
  });

  it('a retired sender key still signs packets made before it was retired (with a warning); afterwards B needs the new key', async () => {
    const { chair, b, trustedA, aKey, handover, admin, clock } = await exchange();
    confirmTrustedKey(writeCaps(b.vault), { keyId: trustedA.id, heard: heard(aKey.fingerprint) });
    const early = await exportTo(chair.vault, handover.id);
    clock.advance(60_000);
    await replaceOwnKey(writeCaps(admin), 'retire', 'Rutinbyte av nyckel');
    endTrustedKey(writeCaps(b.vault), trustedA.id, 'retire');
    const received = await importPacket(writeCaps(b.vault), { teamId: b.teamId, bytes: early });
    expect(received.warnings).toEqual(['signed-by-retired-key']);
    // The new key signs now; B has not imported it yet.
    const late = await exportTo(chair.vault, handover.id);
    expect(await refusal(importPacket(writeCaps(b.vault), { teamId: b.teamId, bytes: late }))).toBe('packet_refused:bad-signature');
    const newFile = ownKeyFile(readCaps(admin));
    const trustedNew = importTrustedKey(writeCaps(b.vault), { organisationId: b.aOrganisationId, keyFile: newFile.text });
    confirmTrustedKey(writeCaps(b.vault), { keyId: trustedNew.id, heard: heard(newFile.fingerprint) });
    expect((await importPacket(writeCaps(b.vault), { teamId: b.teamId, bytes: late })).warnings).toEqual([]);
  });

  it('needs a consent that lets the receiver receive — or a written override kept on the handover — and checks it again at export', async () => {
    const { chair, kase, consent, af, ownOrganisationId, handover, clock } = await exchange();
    const base = {
      caseId: kase.id,
      date: '2026-11-24',
      fromOrganisationId: ownOrganisationId,
      fromFunction: 'Ungdomsteamet',
      toOrganisationId: af.id,
      toFunction: 'Ungdomsenheten',
      participantMemberIds: [],
      guests: [],
      reason: 'Fortsatt insats.',
      goals: '',
      insatser: [],
      newCaseOwner: 'Ungdomsenheten',
      followUpDate: null,
    };
    expect(await refusal(Promise.resolve().then(() => createHandover(writeCaps(chair.vault), { ...base, consentId: null, consentOverride: null })))).toMatch(/^invalid_input:/);
    expect(await refusal(Promise.resolve().then(() => createHandover(writeCaps(chair.vault), { ...base, date: '2027-06-01', consentId: consent?.id ?? null, consentOverride: null })))).toMatch(/^invalid_input:/);
    const overridden = createHandover(writeCaps(chair.vault), { ...base, consentId: null, consentOverride: 'Akut behov av fortsatt stöd under utredningen.' });
    expect(overridden.consentOverride).toBe(true);
    expect((chair.vault.db.prepare('SELECT consent_override FROM handovers WHERE id = ?').get(overridden.id) as { consent_override: string }).consent_override).toBe('Akut behov av fortsatt stöd under utredningen.');
    expect(chair.vault.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'handover.created-with-consent-override'").get()).toEqual({ n: 1 });
    // The consent is withdrawn before the export: the consent-based handover no longer goes.
    withdrawConsent(writeCaps(chair.vault), { consentId: consent?.id ?? '', date: '2026-11-23' });
    clock.advance(24 * 3600 * 1000);
    expect(exportPreview(readCaps(chair.vault), handover.id, false).blocked).toBe('consent-lapsed');
    expect(await refusal(buildHandoverPacket(readCaps(chair.vault), { handoverId: handover.id, includeMinutes: false, encrypt: true }))).toMatch(/^conflict:/);
    expect(exportPreview(readCaps(chair.vault), overridden.id, false).blocked).toBeNull();
    // A demo vault never exports a signed or encrypted packet.
    chair.vault.db.prepare("INSERT INTO vault_meta (key, value) VALUES ('demo', '1')").run();
    expect(exportPreview(readCaps(chair.vault), overridden.id, false).blocked).toBe('demo-vault');
    expect(await refusal(buildHandoverPacket(readCaps(chair.vault), { handoverId: overridden.id, includeMinutes: false, encrypt: true }))).toMatch(/^forbidden:/);
  });

  it('H1: a team member whose organisation the consent does not cover, or someone outside the team, cannot make, preview or export a handover', async () => {
    const { fkMember, outsider, handover, kase, ownOrganisationId, af } = await exchange();
    for (const reader of [fkMember.vault, outsider.vault]) {
      expect(await refusal(Promise.resolve().then(() => exportPreview(readCaps(reader), handover.id, false)))).toMatch(/^forbidden:/);
      expect(await refusal(buildHandoverPacket(readCaps(reader), { handoverId: handover.id, includeMinutes: false, encrypt: true }))).toMatch(/^forbidden:/);
      const input = { caseId: kase.id, date: '2026-11-24', fromOrganisationId: ownOrganisationId, fromFunction: 'x', toOrganisationId: af.id, toFunction: 'y', participantMemberIds: [], guests: [], reason: 'z', consentId: null, consentOverride: 'Akut behov av stöd just nu.', goals: '', insatser: [], newCaseOwner: 'y', followUpDate: null };
      expect(await refusal(Promise.resolve().then(() => createHandover(writeCaps(reader), input)))).toMatch(/^forbidden:/);
    }
  });

  it('H4: in B only the receiving team’s members from the addressed organisation read a received packet; only its chair links it', async () => {
    const { chair, b, trustedA, aKey, handover } = await exchange();
    confirmTrustedKey(writeCaps(b.vault), { keyId: trustedA.id, heard: heard(aKey.fingerprint) });
    // A member of B's team from another home organisation (A's, say), and an account in no team.
    const other = await bAccount(b, 'ola', b.aOrganisationId, 'member');
    const stranger = await bAccount(b, 'nils', null, null);
    const packet = await exportTo(chair.vault, handover.id);
    const before = snapshot(b.vault);
    expect(await refusal(importPacket(writeCaps(other), { teamId: b.teamId, bytes: packet }))).toMatch(/^forbidden:/);
    expect(await refusal(importPacket(writeCaps(stranger), { teamId: b.teamId, bytes: packet }))).toMatch(/^forbidden:/);
    expect(snapshot(b.vault)).toBe(before);
    const received = await importPacket(writeCaps(b.vault), { teamId: b.teamId, bytes: packet });
    expect(await refusal(Promise.resolve().then(() => getReceived(readCaps(other), received.packetId)))).toMatch(/^forbidden:/);
    expect(listReceived(readCaps(other), b.teamId)).toEqual([]);
    expect(await refusal(Promise.resolve().then(() => listReceived(readCaps(stranger), b.teamId)))).toMatch(/^forbidden:/);
    expect(await refusal(Promise.resolve().then(() => linkReceived(writeCaps(other), { packetId: received.packetId, caseId: null })))).toMatch(/^forbidden:/);
    // The signed ZIP is kept, so the record can be verified again.
    const kept = b.vault.db.prepare('SELECT packet FROM packets_received WHERE id = ?').get(received.packetId) as { packet: Buffer };
    expect(kept.packet.subarray(0, 2).toString()).toBe('PK');
  });

  it('a packet addressed to another organisation, or sent in another organisation’s name, is refused and writes nothing', async () => {
    const { admin, b, trustedA, aKey } = await exchange();
    confirmTrustedKey(writeCaps(b.vault), { keyId: trustedA.id, heard: heard(aKey.fingerprint) });
    const key = admin.db.prepare('SELECT signing_private_pem, signing_public_pem, age_recipient FROM org_keys WHERE retired_at IS NULL').get() as { signing_private_pem: string; signing_public_pem: string; age_recipient: string };
    const bRecipient = (b.vault.db.prepare('SELECT age_recipient FROM org_keys').get() as { age_recipient: string }).age_recipient;
    const someoneElse = await generateOrgKeyPair();
    const sender = { signingPem: key.signing_public_pem, ageRecipient: key.age_recipient, signingPrivatePem: key.signing_private_pem, ageIdentity: '' };
    const before = snapshot(b.vault);
    const elsewhere = await buildPacket({ manifest: sampleManifest(sender, someoneElse), content: sampleContent(), pdf: Buffer.from('%PDF'), signingPrivatePem: key.signing_private_pem, encryptTo: bRecipient });
    expect(await refusal(importPacket(writeCaps(b.vault), { teamId: b.teamId, bytes: elsewhere }))).toBe('packet_refused:wrong-recipient');
    const bKeyRow = b.vault.db.prepare('SELECT signing_public_pem, age_recipient FROM org_keys').get() as { signing_public_pem: string; age_recipient: string };
    const manifest = sampleManifest(sender, { ...someoneElse, signingPem: bKeyRow.signing_public_pem, ageRecipient: bKeyRow.age_recipient });
    const inOthersName = await buildPacket({ manifest: { ...manifest, sender: { ...manifest.sender, orgNumber: '202100-5521' } }, content: sampleContent(), pdf: Buffer.from('%PDF'), signingPrivatePem: key.signing_private_pem, encryptTo: bRecipient });
    expect(await refusal(importPacket(writeCaps(b.vault), { teamId: b.teamId, bytes: inOthersName }))).toBe('packet_refused:bad-manifest');
    expect(snapshot(b.vault)).toBe(before);
  });

  it('a changed key file is refused, never read as a bare recipient; a key is trusted only when what was heard matches', async () => {
    const { admin, af, fk } = await exchange();
    const other = await generateOrgKeyPair();
    const file = renderKeyFile({ organisation: 'Försäkringskassan', orgNumber: '202100-5521', signingPem: other.signingPem, ageRecipient: other.ageRecipient });
    const tampered = file.replace(/Fingerprint: (\d)/, (_m, d: string) => `Fingerprint: ${d === '1' ? '2' : '1'}`);
    expect(await refusal(Promise.resolve().then(() => importTrustedKey(writeCaps(admin), { organisationId: fk.id, keyFile: tampered })))).toMatch(/^invalid_input:The key file was changed/);
    expect(await refusal(Promise.resolve().then(() => importTrustedKey(writeCaps(admin), { organisationId: af.id, keyFile: file })))).toMatch(/^invalid_input:.*organisationsnummer/);
    const trusted = importTrustedKey(writeCaps(admin), { organisationId: fk.id, keyFile: file });
    expect(await refusal(Promise.resolve().then(() => confirmTrustedKey(writeCaps(admin), { keyId: trusted.id, heard: '00000 00000' })))).toMatch(/^invalid_input:/);
    expect(confirmTrustedKey(writeCaps(admin), { keyId: trusted.id, heard: heard(trusted.fingerprint) }).confirmedAt).not.toBeNull();
    // A partner without Teamvalv: its age recipient alone, confirmed by the last ten characters.
    const bare = await generateOrgKeyPair();
    const recipientOnly = importTrustedKey(writeCaps(admin), { organisationId: (admin.db.prepare("SELECT id FROM organisations WHERE short_name = 'AF'").get() as { id: string }).id, keyFile: `# public key: ${bare.ageRecipient}\n` });
    expect(recipientOnly.kind).toBe('age-recipient');
    expect(confirmTrustedKey(writeCaps(admin), { keyId: recipientOnly.id, heard: bare.ageRecipient.slice(-10) }).confirmedAt).not.toBeNull();
  });

  it('earlier minutes go with their corrections, and the export writes only what the preview showed', async () => {
    const { chair, handover } = await exchange();
    const meetingId = (chair.vault.db.prepare('SELECT id FROM meetings').get() as { id: string }).id;
    const itemId = (chair.vault.db.prepare('SELECT id FROM case_items').get() as { id: string }).id;
    addAddendum(writeCaps(chair.vault), { meetingId, caseItemId: itemId, kind: 'marked-wrong', text: 'Beslutet gällde ett annat program.', reason: 'Felskrivning' });
    const preview = exportPreview(readCaps(chair.vault), handover.id, true);
    expect(preview.content.earlierMinutes[0]?.corrections).toEqual([{ kind: 'marked-wrong', date: '2026-11-23', text: 'Beslutet gällde ett annat program.', reason: 'Felskrivning' }]);
    expect(await refusal(buildHandoverPacket(readCaps(chair.vault), { handoverId: handover.id, includeMinutes: false, encrypt: true, contentSha256: preview.contentSha256 }))).toMatch(/^conflict:/);
    await buildHandoverPacket(readCaps(chair.vault), { handoverId: handover.id, includeMinutes: true, encrypt: true, contentSha256: preview.contentSha256 });
  });

  it('B links the received packet to one of its own cases; the packet stays as received', async () => {
    const { chair, b, trustedA, aKey, handover } = await exchange();
    confirmTrustedKey(writeCaps(b.vault), { keyId: trustedA.id, heard: heard(aKey.fingerprint) });
    const received = await importPacket(writeCaps(b.vault), { teamId: b.teamId, bytes: await exportTo(chair.vault, handover.id) });
    const own = (b.vault.db.prepare('SELECT id FROM organisations WHERE is_own = 1').get() as { id: string }).id;
    const local = createCase(writeCaps(b.vault), { teamId: b.teamId, ageBand: '20-24', consentMode: 'anonymous', raisedByOrganisationId: own, ownerMemberId: null });
    const linked = linkReceived(writeCaps(b.vault), { packetId: received.packetId, caseId: local.id });
    expect(linked).toMatchObject({ linkedCaseId: local.id, linkedCaseCode: local.code, content: received.content });
  });
});

/** B answers a received packet: the receipt written into a folder and recorded, as the channel does. */
async function answer(vault: UnlockedVault, packetId: string, outcome: 'taken-over' | 'not-taken-over', reason: string | null): Promise<Buffer> {
  const receipt = await buildReceipt(readCaps(vault), { packetId, outcome, reason });
  const file = await writeExportFile(await tempDir(), receipt.fileName, receipt.bytes);
  recordReceiptSent(writeCaps(vault), { receiptId: receipt.manifest.packetId, packetId, teamId: receipt.teamId, recipientKeyId: receipt.recipientKeyId, signerKeyId: receipt.signerKeyId, outcome, reason: receipt.content.reason, fileName: path.basename(file.file), sha256: file.sha256 });
  return fs.readFile(file.file);
}

const auditCount = (vault: UnlockedVault, action: string): number => (vault.db.prepare('SELECT count(*) AS n FROM audit_log WHERE action = ?').get(action) as { n: number }).n;

describe('handover receipts between two vaults', () => {
  async function received() {
    const world = await exchange();
    confirmTrustedKey(writeCaps(world.b.vault), { keyId: world.trustedA.id, heard: heard(world.aKey.fingerprint) });
    const packet = await exportTo(world.chair.vault, world.handover.id);
    const inB = await importPacket(writeCaps(world.b.vault), { teamId: world.b.teamId, bytes: packet });
    return { ...world, packet, inB };
  }

  it('A sends, B imports and answers "mottaget, ej övertaget" with a reason; A imports the receipt and its handover shows the answer; both sides log it', async () => {
    const { chair, b, handover, inB, clock } = await received();
    expect(getHandover(readCaps(chair.vault), handover.id).sent[0]?.receipt).toBeNull();
    clock.advance(2 * 24 * 3600 * 1000);
    const receipt = await answer(b.vault, inB.packetId, 'not-taken-over', 'Ungdomen har redan en plats i kommunens arbetsmarknadsinsats.');
    expect(receipt.subarray(0, 21).toString()).toBe('age-encryption.org/v1');
    expect(getReceived(readCaps(b.vault), inB.packetId).answer).toMatchObject({ outcome: 'not-taken-over', reason: 'Ungdomen har redan en plats i kommunens arbetsmarknadsinsats.' });
    expect(auditCount(b.vault, 'handover.receipt-sent')).toBe(1);
    // One answer per packet.
    expect(await refusal(buildReceipt(readCaps(b.vault), { packetId: inB.packetId, outcome: 'taken-over', reason: null }))).toMatch(/^conflict:/);

    const state = await importReceipt(writeCaps(chair.vault), { bytes: receipt });
    expect(state.id).toBe(handover.id);
    expect(state.sent[0]?.receipt).toEqual({
      outcome: 'not-taken-over',
      reason: 'Ungdomen har redan en plats i kommunens arbetsmarknadsinsats.',
      receivedOn: '2026-11-23',
      answeredAt: clock.now().toISOString(),
      importedAt: clock.now().toISOString(),
    });
    expect(getHandover(readCaps(chair.vault), handover.id).sent[0]?.receipt?.outcome).toBe('not-taken-over');
    const row = chair.vault.db.prepare("SELECT detail, case_code FROM audit_log WHERE action = 'handover.receipt-received'").get() as { detail: string; case_code: string };
    expect(JSON.parse(row.detail)).toMatchObject({ handoverId: handover.id, packetId: inB.packetId, outcome: 'not-taken-over' });
    // The signed ZIP is kept, so the receipt can be verified again later.
    expect((chair.vault.db.prepare('SELECT packet FROM packet_receipts').get() as { packet: Buffer }).packet.subarray(0, 2).toString()).toBe('PK');
  });

  it('"mottaget och övertaget" needs no reason; "ej övertaget" needs one, guarded against identifiers; a demo vault never answers', async () => {
    const { chair, b, inB } = await received();
    const before = snapshot(b.vault);
    expect(await refusal(buildReceipt(readCaps(b.vault), { packetId: inB.packetId, outcome: 'not-taken-over', reason: '  ' }))).toMatch(/^invalid_input:/);
    const guardedReason = await buildReceipt(readCaps(b.vault), { packetId: inB.packetId, outcome: 'not-taken-over', reason: 'Fatima Hassan har flyttat till Malmö.' }).catch((error: { code: string; detail: unknown }) => error);
    expect(guardedReason).toMatchObject({ code: 'invalid_input', detail: { reason: 'identifiers_in_text' } });
    b.vault.db.prepare("INSERT INTO vault_meta (key, value) VALUES ('demo', '1')").run();
    expect(await refusal(buildReceipt(readCaps(b.vault), { packetId: inB.packetId, outcome: 'taken-over', reason: null }))).toMatch(/^forbidden:/);
    b.vault.db.prepare("DELETE FROM vault_meta WHERE key = 'demo'").run();
    expect(snapshot(b.vault)).toBe(before);
    const receipt = await answer(b.vault, inB.packetId, 'taken-over', 'ignored when taken over');
    expect((await importReceipt(writeCaps(chair.vault), { bytes: receipt })).sent[0]?.receipt).toMatchObject({ outcome: 'taken-over', reason: null });
  });

  it('a second receipt for the packet, or the same one again, is refused and changes nothing', async () => {
    const { chair, b, inB } = await received();
    // Two receipts built before either was recorded (the only way B makes two).
    const first = await buildReceipt(readCaps(b.vault), { packetId: inB.packetId, outcome: 'taken-over', reason: null });
    const second = await buildReceipt(readCaps(b.vault), { packetId: inB.packetId, outcome: 'not-taken-over', reason: 'Ändrat beslut efter mötet.' });
    await importReceipt(writeCaps(chair.vault), { bytes: first.bytes });
    const before = snapshot(chair.vault);
    expect(await refusal(importReceipt(writeCaps(chair.vault), { bytes: second.bytes }))).toBe('packet_refused:receipt-duplicate');
    expect(await refusal(importReceipt(writeCaps(chair.vault), { bytes: first.bytes }))).toBe('packet_refused:receipt-duplicate');
    expect(snapshot(chair.vault)).toBe(before);
    expect(auditCount(chair.vault, 'handover.receipt-received')).toBe(1);
  });

  it('a receipt for a packet A never sent (or did not record), or from another key than the packet went to, is refused and changes nothing', async () => {
    const { chair, admin, b, handover, af, inB, team } = await received();
    // A packet built but never recorded as sent (the file was not written): its receipt answers nothing of A's.
    const unrecorded = await buildHandoverPacket(readCaps(chair.vault), { handoverId: handover.id, includeMinutes: false, encrypt: true });
    const inB2 = await importPacket(writeCaps(b.vault), { teamId: b.teamId, bytes: unrecorded.bytes });
    const stray = await answer(b.vault, inB2.packetId, 'taken-over', null);
    // B rotates its key; A trusts the new one too. A receipt signed with it is not from the key the packet went to.
    const bAdmin = b.vault;
    await replaceOwnKey(writeCaps(bAdmin), 'retire', 'Rutinbyte av nyckel');
    const newB = ownKeyFile(readCaps(bAdmin));
    const trustedNew = importTrustedKey(writeCaps(admin), { organisationId: af.id, keyFile: newB.text });
    confirmTrustedKey(writeCaps(admin), { keyId: trustedNew.id, heard: heard(newB.fingerprint) });
    const otherKey = await answer(b.vault, inB.packetId, 'taken-over', null);
    const before = snapshot(chair.vault);
    expect(await refusal(importReceipt(writeCaps(chair.vault), { bytes: stray }))).toBe('packet_refused:receipt-unknown-packet');
    expect(await refusal(importReceipt(writeCaps(chair.vault), { bytes: otherKey }))).toBe('packet_refused:receipt-wrong-signer');
    // A receipt offered as a handover packet is refused by name.
    expect(await refusal(importPacket(writeCaps(chair.vault), { teamId: team.id, bytes: stray }))).toBe('packet_refused:is-receipt');
    expect(snapshot(chair.vault)).toBe(before);
    expect(auditCount(chair.vault, 'handover.receipt-received')).toBe(0);
  });

  it('the receipt verifies with the README’s "Receive a packet without Teamvalv" script, run as written, with B’s key file and A’s identity', async () => {
    const { admin, b, inB } = await received();
    const receipt = await answer(b.vault, inB.packetId, 'not-taken-over', 'Ungdomen har redan en plats hos kommunen.');
    const readme = await fs.readFile(path.resolve(__dirname, '../../README.md'), 'utf8');
    const script = /<!-- receive-packet:commands -->\n```sh\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(script).toBeTruthy();
    // A's folder, as a partner's: the receipt as packet.zip.age, A's own identity, B's key file from the key exchange.
    const dir = await tempDir();
    await fs.writeFile(path.join(dir, 'packet.zip.age'), receipt);
    await fs.writeFile(path.join(dir, 'key.txt'), `${(admin.db.prepare('SELECT age_identity FROM org_keys WHERE retired_at IS NULL').get() as { age_identity: string }).age_identity}\n`);
    await fs.writeFile(path.join(dir, 'SENDER.pem'), ownKeyFile(readCaps(b.vault)).text);
    await fs.writeFile(path.join(dir, 'check-packet.sh'), script ?? '');
    const run = spawnSync('sh', ['check-packet.sh'], { cwd: dir, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('manifest.json: OK\nreceipt.json: OK\nreceipt.pdf: OK');
    expect(run.stdout).toContain('Packet checked');
    const content = JSON.parse(await fs.readFile(path.join(dir, 'packet', 'receipt.json'), 'utf8')) as { answers: { packetId: string }; outcome: string; reason: string };
    expect(content).toMatchObject({ answers: { packetId: inB.packetId }, outcome: 'not-taken-over', reason: 'Ungdomen har redan en plats hos kommunen.' });
    // Another organisation's key file does not verify it.
    const other = await tempDir();
    for (const name of ['packet.zip.age', 'key.txt', 'check-packet.sh']) await fs.copyFile(path.join(dir, name), path.join(other, name));
    await fs.writeFile(path.join(other, 'SENDER.pem'), ownKeyFile(readCaps(admin)).text);
    const refusedRun = spawnSync('sh', ['check-packet.sh'], { cwd: other, encoding: 'utf8' });
    expect(refusedRun.status).not.toBe(0);
    expect(refusedRun.stderr).toContain('REFUSED: SHA256SUMS is not signed by the key in SENDER.pem');
  });

  it('the register extract lists the receipt under its packet on both sides; early gallring of the case takes the receipts with their packets', async () => {
    const { admin, chair, b, inB, kase, dataDir } = await received();
    await importReceipt(writeCaps(chair.vault), { bytes: await answer(b.vault, inB.packetId, 'not-taken-over', 'Fel målgrupp för insatsen.') });
    const texts = registerExtract(readCaps(admin), { caseCode: kase.code, reason: 'Begäran 2026/17' }).records.map((r) => r.text);
    expect(texts).toContain('Kvitto: mottaget, ej övertaget. Skäl: Fel målgrupp för insatsen. (mottaget 2026-11-23)');
    // B links the packet to its own case: its extract lists our answer under the packet.
    const own = (b.vault.db.prepare('SELECT id FROM organisations WHERE is_own = 1').get() as { id: string }).id;
    const local = createCase(writeCaps(b.vault), { teamId: b.teamId, ageBand: '20-24', consentMode: 'anonymous', raisedByOrganisationId: own, ownerMemberId: null });
    linkReceived(writeCaps(b.vault), { packetId: inB.packetId, caseId: local.id });
    expect(registerExtract(readCaps(b.vault), { caseCode: local.code, reason: 'Begäran 2026/18' }).records.map((r) => r.text)).toContain('Kvitto skickat: mottaget, ej övertaget. Skäl: Fel målgrupp för insatsen.');
    // Early gallring on each side: the receipt goes with the packet it belongs to (children before parents).
    const inA = gallringPreview(readCaps(admin), kase.code, 0);
    // The receipt counts as a receipt, not as a packet received: A sent one packet and received none.
    expect(inA.counts).toMatchObject({ packetsSent: 1, packetsReceived: 0, receiptsReceived: 1, receiptsSent: 0 });
    earlyGallring(writeCaps(admin), { caseCode: kase.code, decisionReference: 'Dnr 2026/90', decisionDate: '2026-11-23', confirmed: inA.counts }, gallringBackups(admin, dataDir));
    expect(admin.db.prepare('SELECT (SELECT count(*) FROM packet_receipts) AS receipts, (SELECT count(*) FROM packets_sent) AS sent').get()).toEqual({ receipts: 0, sent: 0 });
    const inBPreview = gallringPreview(readCaps(b.vault), local.code, 0);
    expect(inBPreview.counts).toMatchObject({ packetsReceived: 1, packetsSent: 0, receiptsSent: 1, receiptsReceived: 0 });
    earlyGallring(writeCaps(b.vault), { caseCode: local.code, decisionReference: 'Dnr 2026/91', decisionDate: '2026-11-23', confirmed: inBPreview.counts }, gallringBackups(b.vault, b.dataDir));
    expect(b.vault.db.prepare('SELECT (SELECT count(*) FROM receipts_sent) AS receipts, (SELECT count(*) FROM packets_received) AS received').get()).toEqual({ receipts: 0, received: 0 });
  });

  it('R2: someone who may not read the case cannot import its receipt, and is answered as for a packet never sent from here; nothing is written', async () => {
    const { chair, outsider, fkMember, b, inB, handover } = await received();
    const receipt = await answer(b.vault, inB.packetId, 'taken-over', null);
    // A packet built but never recorded as sent: its receipt answers nothing of A's.
    const unrecorded = await buildHandoverPacket(readCaps(chair.vault), { handoverId: handover.id, includeMinutes: false, encrypt: true });
    const stray = await answer(b.vault, (await importPacket(writeCaps(b.vault), { teamId: b.teamId, bytes: unrecorded.bytes })).packetId, 'taken-over', null);
    const before = snapshot(chair.vault);
    for (const reader of [outsider.vault, fkMember.vault]) {
      // The same answer for a receipt of a case they may not read as for one answering nothing here.
      expect(await refusal(importReceipt(writeCaps(reader), { bytes: receipt }))).toBe('packet_refused:receipt-unknown-packet');
      expect(await refusal(importReceipt(writeCaps(reader), { bytes: stray }))).toBe('packet_refused:receipt-unknown-packet');
    }
    expect(snapshot(chair.vault)).toBe(before);
    // The case's reader takes it in.
    expect((await importReceipt(writeCaps(chair.vault), { bytes: receipt })).sent[0]?.receipt?.outcome).toBe('taken-over');
  });

  it('the receiver’s receipt-sent row carries the case code of its own case the packet is linked to, and the packet’s code in its detail', async () => {
    const { b, inB, kase } = await received();
    await answer(b.vault, inB.packetId, 'taken-over', null);
    const rowOf = (vault: UnlockedVault) => vault.db.prepare("SELECT case_code, detail FROM audit_log WHERE action = 'handover.receipt-sent' ORDER BY seq DESC LIMIT 1").get() as { case_code: string | null; detail: string };
    // Unlinked: no local case — A's code is from another vault's series and could name an unrelated case here.
    expect(rowOf(b.vault).case_code).toBeNull();
    expect(JSON.parse(rowOf(b.vault).detail)).toMatchObject({ packetId: inB.packetId, packetCaseCode: kase.code });
    // Linked to B's own case before answering: that case's code, so B's register extract for it lists the row.
    const world = await received();
    const own = (world.b.vault.db.prepare('SELECT id FROM organisations WHERE is_own = 1').get() as { id: string }).id;
    const local = createCase(writeCaps(world.b.vault), { teamId: world.b.teamId, ageBand: '20-24', consentMode: 'anonymous', raisedByOrganisationId: own, ownerMemberId: null });
    linkReceived(writeCaps(world.b.vault), { packetId: world.inB.packetId, caseId: local.id });
    await answer(world.b.vault, world.inB.packetId, 'not-taken-over', 'Fel målgrupp för insatsen.');
    expect(rowOf(world.b.vault).case_code).toBe(local.code);
    expect(JSON.parse(rowOf(world.b.vault).detail)).toMatchObject({ packetCaseCode: world.kase.code, outcome: 'not-taken-over' });
  });
});
